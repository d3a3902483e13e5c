import type { RateLimit, RateLimitDecision, RateLimitState } from '../ports/rate-limiter.js';

/** The window of one limit that holds a moment: its number since the epoch and when it ends. */
export interface WindowSlot {
  readonly limit: RateLimit;
  /** floor(now / windowMs): names the window's counter. */
  readonly index: number;
  readonly resetAtMs: number;
}

export function windowSlot(limit: RateLimit, nowMs: number): WindowSlot {
  const windowMs = Math.max(1, Math.floor(limit.windowMs));
  const index = Math.floor(nowMs / windowMs);
  return { limit, index, resetAtMs: (index + 1) * windowMs };
}

/** How long a window's counter must be kept after `nowMs` (it is useless once the window has ended). */
export function slotTtlMs(slot: WindowSlot, nowMs: number): number {
  return Math.max(1, slot.resetAtMs - nowMs);
}

/**
 * The decision for one hit, given each window's count before it (`counts[i]` for `slots[i]`). A hit
 * fits when every window has room for one more request; `counted` says whether an allowed hit was
 * counted (false for a peek).
 */
export function decide(slots: readonly WindowSlot[], counts: readonly number[], nowMs: number, counted: boolean): RateLimitDecision {
  const full = slots.map((slot, i) => (counts[i] ?? 0) + 1 > slot.limit.max);
  const allowed = !full.includes(true);
  const added = allowed && counted ? 1 : 0;
  const limits: RateLimitState[] = slots.map((slot, i) => ({
    name: slot.limit.name,
    max: slot.limit.max,
    remaining: Math.max(0, slot.limit.max - (counts[i] ?? 0) - added),
    resetAt: new Date(slot.resetAtMs),
  }));
  let exceeded: RateLimitState | undefined;
  for (const [i, state] of limits.entries()) {
    if (full[i] === true && (exceeded === undefined || state.resetAt > exceeded.resetAt)) exceeded = state;
  }
  return { allowed, limits, exceeded, retryAfterMs: exceeded === undefined ? 0 : Math.max(0, exceeded.resetAt.getTime() - nowMs) };
}
