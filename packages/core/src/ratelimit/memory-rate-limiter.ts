import type { RateLimit, RateLimitDecision, RateLimiter } from '../ports/rate-limiter.js';
import { decide, windowSlot } from './fixed-window.js';

interface Counter {
  count: number;
  expiresAtMs: number;
}

/**
 * In-process fixed-window counters (the single-process default). Pure: time comes from the dates
 * passed in. Memory is bounded: counters of ended windows are dropped, and beyond `maxCounters` live
 * counters the oldest is forgotten (which can only let a request through, never refuse one wrongly).
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly maxCounters = 100_000) {}

  hit(key: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitDecision> {
    return Promise.resolve(this.apply(key, limits, now.getTime(), true));
  }

  peek(key: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitDecision> {
    return Promise.resolve(this.apply(key, limits, now.getTime(), false));
  }

  /** Counters currently kept (for tests of the memory bound). */
  get size(): number {
    return this.counters.size;
  }

  private apply(key: string, limits: readonly RateLimit[], nowMs: number, count: boolean): RateLimitDecision {
    const slots = limits.map((limit) => windowSlot(limit, nowMs));
    const names = slots.map((slot) => `${key}\u0000${slot.limit.windowMs}\u0000${slot.index}`);
    const counts = names.map((name) => this.current(name, nowMs));
    const decision = decide(slots, counts, nowMs, count);
    if (decision.allowed && count) {
      for (const [i, name] of names.entries()) this.increment(name, slots[i]?.resetAtMs ?? nowMs, nowMs);
    }
    return decision;
  }

  private current(name: string, nowMs: number): number {
    const counter = this.counters.get(name);
    if (counter === undefined) return 0;
    if (counter.expiresAtMs > nowMs) return counter.count;
    this.counters.delete(name);
    return 0;
  }

  private increment(name: string, expiresAtMs: number, nowMs: number): void {
    const counter = this.counters.get(name);
    if (counter !== undefined) {
      counter.count++;
      return;
    }
    this.counters.set(name, { count: 1, expiresAtMs });
    if (this.counters.size > this.maxCounters) this.evict(nowMs);
  }

  /**
   * Drops every ended window, then the oldest counters until a tenth of the room is free again, so
   * the sweep runs at most once per `maxCounters / 10` new counters.
   */
  private evict(nowMs: number): void {
    for (const [name, counter] of this.counters) {
      if (counter.expiresAtMs <= nowMs) this.counters.delete(name);
    }
    const target = Math.floor(this.maxCounters * 0.9);
    for (const name of this.counters.keys()) {
      if (this.counters.size <= target) return;
      this.counters.delete(name);
    }
  }
}
