import { describeWithService, probeTcp, runRateLimiterContract, TEST_REDIS_URL } from '@switchyard/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRedisConnection, createRedisConnection } from './redis-connection.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const unreachable = await probeTcp(TEST_REDIS_URL);
const prefix = `switchyard-test-${process.pid}-${Date.now()}:`;

describeWithService('Redis', unreachable, () => {
  const admin = createRedisConnection({ url: TEST_REDIS_URL });
  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await closeRedisConnection(admin);
  });

  runRateLimiterContract('redis', () => {
    const redis = createRedisConnection({ url: TEST_REDIS_URL });
    return Promise.resolve({ limiter: new RedisRateLimiter(redis, prefix), close: () => closeRedisConnection(redis) });
  });

  describe('RedisRateLimiter', () => {
    const minute = { name: 'per-min', windowMs: 60_000, max: 3 };

    it('shares counters between connections (gateway processes)', async () => {
      const [a, b] = [createRedisConnection({ url: TEST_REDIS_URL }), createRedisConnection({ url: TEST_REDIS_URL })];
      try {
        const [first, second] = [new RedisRateLimiter(a, prefix), new RedisRateLimiter(b, prefix)];
        const now = new Date();
        const allowed = await Promise.all([first, second, first, second, first].map((limiter) => limiter.hit('shared', [minute], now)));
        expect(allowed.filter((decision) => decision.allowed)).toHaveLength(3);
      } finally {
        await Promise.all([closeRedisConnection(a), closeRedisConnection(b)]);
      }
    });

    it('gives counters a time to live that ends with their window', async () => {
      const redis = new RedisRateLimiter(admin, prefix);
      const now = new Date(Date.UTC(2026, 0, 1, 12, 0, 30));
      await redis.hit('ttl', [minute], now);
      const [key] = await admin.keys(`${prefix}rl:{ttl}:*`);
      expect(key).toBeDefined();
      const ttl = await admin.pttl(key ?? '');
      expect(ttl).toBeGreaterThan(30_000);
      expect(ttl).toBeLessThanOrEqual(35_000);
    });

    it('loads its script again when Redis has forgotten it', async () => {
      await admin.script('FLUSH');
      const decision = await new RedisRateLimiter(admin, prefix).hit('flushed', [minute], new Date());
      expect(decision.allowed).toBe(true);
    });
  });
});
