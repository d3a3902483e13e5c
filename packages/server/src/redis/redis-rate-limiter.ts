import { decide, slotTtlMs, windowSlot, type RateLimit, type RateLimitDecision, type RateLimiter } from '@switchyard/core';
import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script.js';

/**
 * KEYS: one counter per window. ARGV[1]: 1 to count the hit, 0 to peek; ARGV[1 + i]: max of
 * KEYS[i]; ARGV[1 + n + i]: its time to live (ms). Counts one request in every window only when each
 * has room. Returns the counts before the hit.
 */
const HIT_SCRIPT = `
local n = #KEYS
local counts = {}
local fits = true
for i = 1, n do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  counts[i] = count
  if count + 1 > tonumber(ARGV[1 + i]) then fits = false end
end
if fits and ARGV[1] == '1' then
  for i = 1, n do
    redis.call('INCR', KEYS[i])
    redis.call('PEXPIRE', KEYS[i], ARGV[1 + n + i])
  end
end
return counts
`;

/** Extra lifetime of a counter past its window's end, for clocks that differ between gateway processes. */
const CLOCK_SLACK_MS = 5000;

/**
 * Fixed-window counters shared by every gateway process through Redis: one Lua script per hit, so a
 * check and its increments are atomic across processes. Counters expire when their window ends.
 * The key's windows share a hash tag, so the script also runs on Redis Cluster.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly script = new RedisScript(HIT_SCRIPT);

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'switchyard:',
  ) {}

  hit(key: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitDecision> {
    return this.apply(key, limits, now.getTime(), true);
  }

  peek(key: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitDecision> {
    return this.apply(key, limits, now.getTime(), false);
  }

  private async apply(key: string, limits: readonly RateLimit[], nowMs: number, count: boolean): Promise<RateLimitDecision> {
    if (limits.length === 0) return decide([], [], nowMs, count);
    const slots = limits.map((limit) => windowSlot(limit, nowMs));
    const keys = slots.map((slot) => `${this.prefix}rl:{${key}}:${slot.limit.windowMs}:${slot.index}`);
    const args = [count ? 1 : 0, ...slots.map((slot) => slot.limit.max), ...slots.map((slot) => slotTtlMs(slot, nowMs) + CLOCK_SLACK_MS)];
    const counts = await this.script.run(this.redis, keys, args);
    if (!Array.isArray(counts)) throw new Error(`the rate-limit script answered ${typeof counts}, not a list of counts`);
    return decide(slots, counts.map(Number), nowMs, count);
  }
}
