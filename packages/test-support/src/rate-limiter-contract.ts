import type { RateLimit, RateLimiter } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

/** A fresh adapter under test (keys are unique per test, so adapters may share state between tests). */
export interface LimiterHandle {
  readonly limiter: RateLimiter;
  close(): Promise<void>;
}

export type LimiterFactory = () => Promise<LimiterHandle>;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
/** Noon UTC: a whole number of minutes and days since the epoch plus half a day. */
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms);

const perMinute = (max: number): RateLimit => ({ name: 'per-min', windowMs: MINUTE, max });
const perDay = (max: number): RateLimit => ({ name: 'per-day', windowMs: DAY, max });

async function withLimiter(factory: LimiterFactory, run: (limiter: RateLimiter, key: string) => Promise<void>): Promise<void> {
  const handle = await factory();
  const key = `contract-${Math.random().toString(36).slice(2)}`;
  try {
    await run(handle.limiter, key);
  } finally {
    await handle.close();
  }
}

async function hits(limiter: RateLimiter, key: string, limits: readonly RateLimit[], times: readonly number[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const ms of times) out.push((await limiter.hit(key, limits, at(ms))).allowed);
  return out;
}

/** What every RateLimiter adapter (in-memory, Redis) must do. */
export function runRateLimiterContract(label: string, factory: LimiterFactory): void {
  describe(`RateLimiter contract: ${label}`, () => {
    describeWindows(factory);
    describeSeveralLimits(factory);
    describePeekAndConcurrency(factory);
  });
}

function describeWindows(factory: LimiterFactory): void {
  describe('fixed windows', () => {
    it('allows max requests per window, then refuses with the time until the window ends', () =>
      withLimiter(factory, async (limiter, key) => {
        expect(await hits(limiter, key, [perMinute(3)], [0, 1, 2])).toEqual([true, true, true]);
        const refused = await limiter.hit(key, [perMinute(3)], at(20 * SECOND));
        expect(refused).toEqual({
          allowed: false,
          limits: [{ name: 'per-min', max: 3, remaining: 0, resetAt: at(MINUTE) }],
          exceeded: { name: 'per-min', max: 3, remaining: 0, resetAt: at(MINUTE) },
          retryAfterMs: 40 * SECOND,
        });
      }));

    it('reports what is left after each allowed hit', () =>
      withLimiter(factory, async (limiter, key) => {
        const first = await limiter.hit(key, [perMinute(3)], at(5));
        expect(first).toEqual({
          allowed: true,
          limits: [{ name: 'per-min', max: 3, remaining: 2, resetAt: at(MINUTE) }],
          exceeded: undefined,
          retryAfterMs: 0,
        });
        expect((await limiter.hit(key, [perMinute(3)], at(6))).limits[0]?.remaining).toBe(1);
      }));

    it('starts counting again when the next window begins (windows are aligned on the epoch)', () =>
      withLimiter(factory, async (limiter, key) => {
        expect(await hits(limiter, key, [perMinute(2)], [59 * SECOND, 59 * SECOND, 59 * SECOND])).toEqual([true, true, false]);
        expect(await hits(limiter, key, [perMinute(2)], [MINUTE, MINUTE + 1, MINUTE + 2])).toEqual([true, true, false]);
        const day = await limiter.hit(key, [perDay(5)], at(0));
        expect(day.limits[0]?.resetAt).toEqual(new Date(Date.UTC(2026, 0, 2)));
      }));

    it('keeps keys apart, and windows of different lengths apart', () =>
      withLimiter(factory, async (limiter, key) => {
        expect(await hits(limiter, key, [perMinute(1)], [0, 1])).toEqual([true, false]);
        expect(await hits(limiter, `${key}-other`, [perMinute(1)], [2])).toEqual([true]);
        expect(await hits(limiter, key, [{ name: 'per-hour', windowMs: 60 * MINUTE, max: 1 }], [3])).toEqual([true]);
      }));

    it('refuses everything when max is 0', () =>
      withLimiter(factory, async (limiter, key) => {
        const decision = await limiter.hit(key, [perMinute(0)], at(0));
        expect(decision).toMatchObject({ allowed: false, exceeded: { name: 'per-min', remaining: 0 }, retryAfterMs: MINUTE });
      }));
  });
}

function describeSeveralLimits(factory: LimiterFactory): void {
  describe('several limits in one hit', () => {
    it('counts against all of them or none: a refused hit uses up nothing', () =>
      withLimiter(factory, async (limiter, key) => {
        const limits = [perMinute(2), perDay(3)];
        expect(await hits(limiter, key, limits, [0, 1, 2])).toEqual([true, true, false]);
        const next = await limiter.hit(key, limits, at(MINUTE));
        expect(next.allowed).toBe(true);
        expect(next.limits.map((state) => state.remaining)).toEqual([1, 0]);
        const refused = await limiter.hit(key, limits, at(MINUTE + 1));
        expect(refused.exceeded?.name).toBe('per-day');
        expect(refused.limits.map((state) => state.remaining)).toEqual([1, 0]);
        expect(refused.retryAfterMs).toBe(12 * 60 * MINUTE - MINUTE - 1);
      }));

    it('names the limit that resets last when several are full', () =>
      withLimiter(factory, async (limiter, key) => {
        const limits = [perMinute(1), perDay(1)];
        expect(await hits(limiter, key, limits, [0])).toEqual([true]);
        const refused = await limiter.hit(key, limits, at(1));
        expect(refused).toMatchObject({ allowed: false, exceeded: { name: 'per-day' }, retryAfterMs: 12 * 60 * MINUTE - 1 });
      }));
  });
}

function describePeekAndConcurrency(factory: LimiterFactory): void {
  describe('peek and concurrency', () => {
    it('peeks without counting', () =>
      withLimiter(factory, async (limiter, key) => {
        const fresh = await limiter.peek(key, [perMinute(1)], at(0));
        expect(fresh).toMatchObject({ allowed: true, limits: [{ remaining: 1 }] });
        expect(await hits(limiter, key, [perMinute(1)], [1])).toEqual([true]);
        const full = await limiter.peek(key, [perMinute(1)], at(2));
        expect(full).toMatchObject({ allowed: false, limits: [{ remaining: 0 }], exceeded: { name: 'per-min' } });
        expect((await limiter.peek(key, [perMinute(1)], at(MINUTE))).allowed).toBe(true);
      }));

    it('never lets concurrent hits past the limit', () =>
      withLimiter(factory, async (limiter, key) => {
        const limits = [perMinute(10), perDay(1000)];
        const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => limiter.hit(key, limits, at(i))));
        expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
        expect((await limiter.peek(key, limits, at(100))).limits.map((state) => state.remaining)).toEqual([0, 990]);
      }));
  });
}
