import { DEFAULT_HEALTH, MemoryEndpointStats, MemoryRateLimiter } from '@switchyard/core';
import { describeWithService, probeTcp, TEST_REDIS_URL } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { RedisEndpointStats } from './redis-endpoint-stats.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { openSharedState } from './shared-state.js';

const logger = createLogger('silent');

describe('openSharedState', () => {
  it('keeps counters and health in the process when no Redis is configured', async () => {
    const shared = await openSharedState({ redisUrl: undefined, redisKeyPrefix: 'x:' }, DEFAULT_HEALTH, logger);
    expect(shared.limiter).toBeInstanceOf(MemoryRateLimiter);
    expect(shared.stats).toBeInstanceOf(MemoryEndpointStats);
    await shared.close();
  });

  it('fails start-up with a clear message when the configured Redis does not answer', async () => {
    await expect(openSharedState({ redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: 'x:' }, DEFAULT_HEALTH, logger)).rejects.toThrow(
      /storage\.redis_url: Redis does not answer/,
    );
  });
});

describeWithService('Redis', await probeTcp(TEST_REDIS_URL), () => {
  it('uses Redis for both when it is configured, under the key prefix', async () => {
    const prefix = `switchyard-test-${process.pid}-shared:`;
    const shared = await openSharedState({ redisUrl: TEST_REDIS_URL, redisKeyPrefix: prefix }, DEFAULT_HEALTH, logger);
    try {
      expect(shared.limiter).toBeInstanceOf(RedisRateLimiter);
      expect(shared.stats).toBeInstanceOf(RedisEndpointStats);
      expect((await shared.limiter.hit('k', [{ name: 'n', windowMs: 1000, max: 1 }], new Date())).allowed).toBe(true);
    } finally {
      await shared.close();
    }
  });
});
