import { randomBytes } from 'node:crypto';
import type { ProviderSettings } from '@switchyard/core';
import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import { testEndpoint } from '@switchyard/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { ByokCipher, cipherKey } from './byok-cipher.js';
import { ByokCredentials } from './byok-credentials.js';
import { byokFee, ByokRouting } from './byok-routing.js';

const NOW = new Date('2025-04-30T23:59:00.000Z');
const clock = { now: () => NOW, monotonicMs: () => 0 };
const logger = createLogger('silent');

const endpoint = (providerId: string) => testEndpoint(providerId);

function runtime(id: string): { settings: ProviderSettings } {
  return { settings: { id, name: id, baseUrl: `http://${id}`, apiKey: `gateway-${id}`, headers: { 'x-extra': '1' }, timeoutMs: 1000 } };
}

let store: SqlStore;
let cipher: ByokCipher;
let routing: ByokRouting;
let credentials: ByokCredentials;

beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:' });
  await store.migrate();
  await store.accounts.ensure({ id: 'acct_1', name: 'One', createdAt: NOW });
  cipher = new ByokCipher([cipherKey(randomBytes(32).toString('hex'), 'K')]);
  const providers = new Set(['openai', 'groq']);
  const runtimes = new Map([['openai', runtime('openai')], ['groq', runtime('groq')], ['bedrock', runtime('bedrock')]]);
  const settings = { freeRequestsPerMonth: 2, feeBasisPoints: 500 };
  routing = new ByokRouting({ repository: store.byok, cipher, providers: runtimes, byokProviders: providers, settings, clock, logger });
  credentials = new ByokCredentials({ repository: store.byok, cipher, providers, clock, onChange: () => routing.clear() });
});
afterEach(async () => store.close());

describe('ByokRouting', () => {
  it('puts own-key endpoints first, with the gateway settings but the account key', async () => {
    await credentials.put('acct_1', { provider: 'groq', key: 'gsk-own-groq-key-1234', name: null, disabled: false });
    const route = await routing.route('acct_1', [endpoint('openai'), endpoint('groq')]);
    expect(route.plan.map((e) => [e.providerId, e.byok === true])).toEqual([['groq', true], ['openai', false], ['groq', false]]);
    const first = route.plan[0];
    if (first === undefined) throw new Error('plan expected');
    expect(route.settingsFor(first)).toEqual({ ...runtime('groq').settings, apiKey: 'gsk-own-groq-key-1234' });
    // Accounts without keys, and plans without the provider, are left alone.
    expect((await routing.route('acct_2', [endpoint('groq')])).plan.map((e) => e.byok === true)).toEqual([false]);
    expect((await routing.route('acct_1', [endpoint('openai')])).plan).toHaveLength(1);
  });

  it('sees writes of this process at once (cache cleared), and skips keys it cannot decrypt', async () => {
    const { record } = await credentials.put('acct_1', { provider: 'openai', key: 'sk-own-openai-key-1', name: null, disabled: false });
    expect((await routing.route('acct_1', [endpoint('openai')])).plan).toHaveLength(2);
    await credentials.update('acct_1', record.id, { disabled: true });
    expect((await routing.route('acct_1', [endpoint('openai')])).plan).toHaveLength(1);
    await credentials.update('acct_1', record.id, { disabled: false });
    await store.byok.update('acct_1', record.id, { rotate: { secret: { ciphertext: record.secret.ciphertext, keyId: 'gone' }, label: 'x' } }, NOW);
    routing.clear();
    expect((await routing.route('acct_1', [endpoint('openai')])).plan).toHaveLength(1);
  });

  it('charges nothing for the month’s free requests, then the fee; the key limit counts the upstream cost only when asked', async () => {
    expect(await routing.charge('acct_1', 3_790, NOW, false)).toEqual({ chargedMicro: 0, keyUsageMicro: 0 });
    expect(await routing.charge('acct_1', 3_790, NOW, true)).toEqual({ chargedMicro: 0, keyUsageMicro: 3_790 });
    expect(await routing.charge('acct_1', 3_790, NOW, false)).toEqual({ chargedMicro: 190, keyUsageMicro: 190 });
    expect(await routing.charge('acct_1', 3_790, NOW, true)).toEqual({ chargedMicro: 190, keyUsageMicro: 3_980 });
    // A new UTC month starts a new allowance; unbilled generations are not counted.
    expect(await routing.charge('acct_1', 0, NOW, false)).toEqual({ chargedMicro: 0, keyUsageMicro: 0 });
    expect(await routing.charge('acct_1', 3_790, new Date('2025-05-01T00:00:00.000Z'), false)).toEqual({ chargedMicro: 0, keyUsageMicro: 0 });
  });

  it('computes the fee in integers, rounded half up', () => {
    expect(byokFee(3_790, 500)).toBe(190);
    expect(byokFee(3_789, 500)).toBe(189);
    expect(byokFee(1, 500)).toBe(0);
    expect(byokFee(10, 500)).toBe(1);
    expect(byokFee(1_000_000, 1)).toBe(100);
    expect(byokFee(123_456, 0)).toBe(0);
  });
});

describe('ByokCredentials', () => {
  it('refuses providers that do not take an own API key, and is off without a cipher', async () => {
    await expect(credentials.put('acct_1', { provider: 'bedrock', key: 'x', name: null, disabled: false })).rejects.toMatchObject({
      status: 400,
      options: { metadata: { supported_providers: ['groq', 'openai'] } },
    });
    const off = new ByokCredentials({ repository: store.byok, cipher: undefined, providers: new Set(['openai']), clock, onChange: () => undefined });
    await expect(off.put('acct_1', { provider: 'openai', key: 'x', name: null, disabled: false })).rejects.toMatchObject({
      status: 400,
      options: { metadata: { reason: 'byok_disabled' } },
    });
  });

  it('concurrent creates for one provider leave one credential, holding one of the keys', async () => {
    const put = (key: string) => credentials.put('acct_1', { provider: 'groq', key, name: null, disabled: false });
    const results = await Promise.all([put('gsk-first-key-000001'), put('gsk-second-key-00002')]);
    expect(results.map((result) => result.created).sort()).toEqual([false, true]);
    const page = await credentials.list('acct_1', { offset: 0, limit: 10 }, undefined);
    expect(page.total).toBe(1);
    const route = await routing.route('acct_1', [endpoint('groq')]);
    const own = route.plan[0];
    if (own === undefined) throw new Error('plan expected');
    expect(['gsk-first-key-000001', 'gsk-second-key-00002']).toContain(route.settingsFor(own)?.apiKey);
  });

  it('stores only the sealed key and a masked label', async () => {
    const { record } = await credentials.put('acct_1', { provider: 'openai', key: 'sk-proj-verysecret-9876', name: 'Prod', disabled: false });
    expect(record.label).toBe('sk-...9876');
    const row = await store.db.selectFrom('byok_credentials' as never).selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('verysecret');
  });
});
