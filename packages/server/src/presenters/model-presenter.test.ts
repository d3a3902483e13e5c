import { UNKNOWN_HEALTH, type EndpointHealth } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { endpointStatus } from './model-presenter.js';

const health = (patch: Partial<EndpointHealth>): EndpointHealth => ({ ...UNKNOWN_HEALTH, ...patch });

describe('endpointStatus', () => {
  it.each([
    [health({}), 0],
    [health({ recentlyFailing: true }), -1],
    [health({ breaker: 'half-open', recentlyFailing: true }), -2],
    [health({ breaker: 'open' }), -3],
    [health({ breaker: 'open', recentlyFailing: true }), -3],
  ])('maps %o to %i', (input, status) => {
    expect(endpointStatus(input)).toBe(status);
  });
});
