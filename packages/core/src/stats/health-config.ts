/** How endpoint health is judged: the circuit breaker and what counts as "recently failing". */
export interface HealthConfig {
  /** Consecutive failures that open an endpoint's breaker. */
  readonly breakerFailureThreshold: number;
  /** How long an open breaker refuses traffic before it lets one probe through (half-open). */
  readonly breakerCooldownMs: number;
  /** A half-open probe that has not reported back after this long frees its slot for another probe. */
  readonly breakerProbeTimeoutMs: number;
  /** The window of `recentlyFailing` (OpenRouter: "the last 30 seconds"). */
  readonly recentWindowMs: number;
  /**
   * `recentlyFailing` ("significant failures"): at least this many failures in the recent window …
   */
  readonly recentMinFailures: number;
  /** … that make up at least this share of the attempts in the window (0–1; rate-limited ones count). */
  readonly recentFailureRatio: number;
  /** Kept TTFT and throughput samples per one-minute bucket (30 buckets): bounds memory per endpoint. */
  readonly samplesPerBucket: number;
  /** Endpoints tracked at most; the least recently used one is forgotten beyond it. */
  readonly maxEndpoints: number;
}

export const DEFAULT_HEALTH: HealthConfig = {
  breakerFailureThreshold: 5,
  breakerCooldownMs: 30_000,
  breakerProbeTimeoutMs: 60_000,
  recentWindowMs: 30_000,
  recentMinFailures: 3,
  recentFailureRatio: 0.25,
  samplesPerBucket: 40,
  maxEndpoints: 10_000,
};
