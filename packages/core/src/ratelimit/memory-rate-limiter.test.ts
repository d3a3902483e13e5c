import { runRateLimiterContract } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter.js';

runRateLimiterContract('in-memory', () => Promise.resolve({ limiter: new MemoryRateLimiter(), close: () => Promise.resolve() }));

const MINUTE = 60_000;
const limit = { name: 'per-min', windowMs: MINUTE, max: 5 };

describe('MemoryRateLimiter', () => {
  it('drops the counters of ended windows once it holds maxCounters', async () => {
    const limiter = new MemoryRateLimiter(10);
    for (let i = 0; i < 10; i++) await limiter.hit(`old-${i}`, [limit], new Date(0));
    expect(limiter.size).toBe(10);
    await limiter.hit('new', [limit], new Date(MINUTE));
    expect(limiter.size).toBe(1);
  });

  it('forgets the oldest live counters beyond maxCounters, keeping memory bounded', async () => {
    const limiter = new MemoryRateLimiter(10);
    for (let i = 0; i < 25; i++) await limiter.hit(`key-${i}`, [limit], new Date(0));
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect((await limiter.peek('key-24', [limit], new Date(1))).limits[0]?.remaining).toBe(4);
    expect((await limiter.peek('key-0', [limit], new Date(1))).limits[0]?.remaining).toBe(5);
  });
});
