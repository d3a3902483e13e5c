/**
 * Request-rate limits (free-model quotas, per-key requests per minute). Fixed windows aligned on
 * multiples of `windowMs` since the Unix epoch, so a one-day window is a UTC calendar day. One hit
 * checks every limit it is given and counts against all of them, or against none: a request refused
 * by its daily limit does not use up its per-minute allowance. In-process by default; shared through
 * Redis when several gateway processes run (same contract suite for every adapter).
 */

export interface RateLimit {
  /** Names the limit in the 429 message, e.g. "free-models-per-min". */
  readonly name: string;
  /** Window length in milliseconds (at least 1). */
  readonly windowMs: number;
  /** Requests allowed per window (0 refuses everything). */
  readonly max: number;
}

/** One limit's counter after the hit (before it, when the hit was refused). */
export interface RateLimitState {
  readonly name: string;
  readonly max: number;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** When the current window ends and the counter starts again. */
  readonly resetAt: Date;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Every limit's state, in the order given. */
  readonly limits: readonly RateLimitState[];
  /** The limit that refused the hit (the one that resets last when several did); undefined when allowed. */
  readonly exceeded: RateLimitState | undefined;
  /** 0 when allowed; otherwise how long until every refusing window has reset. */
  readonly retryAfterMs: number;
}

export interface RateLimiter {
  /** Atomically: when every limit has room, counts one request against each; otherwise counts nothing. */
  hit(key: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitDecision>;
  /** The decision a hit would get now, without counting anything (`GET /key`). */
  peek(key: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitDecision>;
}
