import { CONTRACT_HEALTH, describeWithService, probeTcp, runEndpointStatsContract, TEST_REDIS_URL } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { closeRedisConnection, createRedisConnection } from './redis-connection.js';
import { RedisEndpointStats } from './redis-endpoint-stats.js';

const unreachable = await probeTcp(TEST_REDIS_URL);
const logger = createLogger('silent');
const freshStream = () => `switchyard-test-${process.pid}-${Math.random().toString(36).slice(2)}:samples`;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const failure = (endpointId: string, ms: number) =>
  ({ kind: 'failure', endpointId, at: at(ms), rateLimited: false, errorCode: 'upstream_unavailable' }) as const;

describeWithService('Redis', unreachable, () => {
  runEndpointStatsContract('redis', async (config) => {
    const redis = createRedisConnection({ url: TEST_REDIS_URL });
    const streamKey = freshStream();
    const stats = await RedisEndpointStats.start({ redis, logger, config, streamKey, syncIntervalMs: 60_000 });
    return {
      stats,
      settle: () => stats.sync(),
      close: async () => {
        await stats.close();
        await redis.del(streamKey);
        await closeRedisConnection(redis);
      },
    };
  });

  describe('RedisEndpointStats', () => {
    it('shares samples between processes: each sees the others’ failures after a sync', async () => {
      const [a, b] = [createRedisConnection({ url: TEST_REDIS_URL }), createRedisConnection({ url: TEST_REDIS_URL })];
      const streamKey = freshStream();
      const first = await RedisEndpointStats.start({ redis: a, logger, config: CONTRACT_HEALTH, streamKey, syncIntervalMs: 60_000 });
      const second = await RedisEndpointStats.start({ redis: b, logger, config: CONTRACT_HEALTH, streamKey, syncIntervalMs: 60_000 });
      try {
        first.record(failure('x', 0));
        second.record(failure('x', 1));
        first.record(failure('x', 2));
        await first.sync();
        await second.sync();
        await first.sync();
        for (const stats of [first, second]) expect(stats.view(at(3)).get('x').breaker).toBe('open');
        const late = await RedisEndpointStats.start({ redis: a, logger, config: CONTRACT_HEALTH, streamKey, syncIntervalMs: 60_000 });
        expect(late.view(at(3)).get('x')).toMatchObject({ breaker: 'open', uptimeLast5m: 0 });
        await late.close();
      } finally {
        await Promise.all([first.close(), second.close()]);
        await a.del(streamKey);
        await Promise.all([closeRedisConnection(a), closeRedisConnection(b)]);
      }
    });

    it('syncs in the background without being asked', async () => {
      const redis = createRedisConnection({ url: TEST_REDIS_URL });
      const streamKey = freshStream();
      const stats = await RedisEndpointStats.start({ redis, logger, config: CONTRACT_HEALTH, streamKey, syncIntervalMs: 20 });
      try {
        stats.record(failure('y', 0));
        await expect.poll(() => stats.view(at(1)).get('y').uptimeLast5m, { timeout: 2000 }).toBe(0);
      } finally {
        await stats.close();
        await redis.del(streamKey);
        await closeRedisConnection(redis);
      }
    });

    it('applies its own samples locally when Redis cannot take them', async () => {
      const redis = createRedisConnection({ url: TEST_REDIS_URL });
      const stats = await RedisEndpointStats.start({ redis, logger, config: CONTRACT_HEALTH, streamKey: freshStream(), syncIntervalMs: 60_000 });
      await stats.close();
      await closeRedisConnection(redis);
      stats.record(failure('z', 0));
      await expect(stats.sync()).rejects.toThrow();
      expect(stats.view(at(1)).get('z').uptimeLast5m).toBe(0);
    });
  });
});
