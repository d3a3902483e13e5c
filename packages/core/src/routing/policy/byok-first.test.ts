import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../catalog/catalog.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { byokFirst, isOwnKeyFault } from './byok-first.js';

function endpoint(id: string, providerId: string): Endpoint {
  return { id, providerId } as unknown as Endpoint;
}

const A = endpoint('m/a', 'alpha');
const B = endpoint('m/b', 'beta');
const C = endpoint('m/c', 'gamma');

describe('byokFirst', () => {
  it.each([
    { name: 'no own keys: the plan as it is', providers: [], expected: ['m/a', 'm/b', 'm/c'], byok: [] },
    { name: 'own key for a provider: its endpoint first, then the shared plan', providers: ['gamma'], expected: ['m/c', 'm/a', 'm/b', 'm/c'], byok: [0] },
    { name: 'several own keys keep plan order among them', providers: ['gamma', 'beta'], expected: ['m/b', 'm/c', 'm/a', 'm/b', 'm/c'], byok: [0, 1] },
    { name: 'own key for a provider not in the plan changes nothing', providers: ['delta'], expected: ['m/a', 'm/b', 'm/c'], byok: [] },
  ])('$name', ({ providers, expected, byok }) => {
    const planned = byokFirst([A, B, C], new Set(providers));
    expect(planned.map((e) => e.id)).toEqual(expected);
    expect(planned.flatMap((e, i) => (e.byok === true ? [i] : []))).toEqual(byok);
  });

  it('counts only credential failures of own-key attempts as the key’s fault', () => {
    const auth = new GatewayError('upstream_auth_failed', 'bad key');
    const quota = new GatewayError('upstream_quota_exceeded', 'no quota');
    const down = new GatewayError('upstream_unavailable', 'down');
    const own = { ...C, byok: true };
    expect(isOwnKeyFault(own, auth)).toBe(true);
    expect(isOwnKeyFault(own, quota)).toBe(true);
    expect(isOwnKeyFault(own, down)).toBe(false);
    expect(isOwnKeyFault(C, auth)).toBe(false);
  });
});
