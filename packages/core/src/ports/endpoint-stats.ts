/**
 * Per-endpoint health and performance, in sliding windows: the routing policy reads it (default
 * strategy, `sort`, `preferred_*`, breaker exclusion), the executor feeds it, and
 * `GET /models/{author}/{slug}/endpoints` shows it. In-process by default; shared through Redis when
 * several gateway processes run (same contract suite for every adapter).
 */

/** Percentile cut-offs as OpenRouter names them. */
export interface Percentiles {
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly p99: number;
}

/** Circuit breaker: `open` after consecutive failures; `half-open` lets one probe through after a cool-down. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** A consistent snapshot of one endpoint's health, for one routing decision. */
export interface EndpointHealth {
  readonly breaker: BreakerState;
  /** Significant failures in the last 30 seconds (the default strategy deprioritises such endpoints). */
  readonly recentlyFailing: boolean;
  /** Percent of successful attempts (rate-limited ones excluded); null with too little data. */
  readonly uptimeLast5m: number | null;
  readonly uptimeLast30m: number | null;
  readonly uptimeLast1d: number | null;
  /** Time to first token, milliseconds, last 30 minutes; null with no data. */
  readonly latencyLast30m: Percentiles | null;
  /** Output tokens per second, last 30 minutes; null with no data. */
  readonly throughputLast30m: Percentiles | null;
}

/** Synchronous read side: the policy is pure and must not await. */
export interface HealthView {
  get(endpointId: string): EndpointHealth;
}

/** What one attempt at an endpoint taught us. */
export type EndpointSample =
  /** The attempt reached the commit point (first content event): a success for uptime and the breaker. */
  | { readonly kind: 'success'; readonly endpointId: string; readonly at: Date; readonly firstTokenMs: number }
  /**
   * The attempt failed before the commit point or the stream broke after it. `rateLimited` failures
   * (429) are excluded from uptime, as OpenRouter does, but still count for `recentlyFailing`.
   */
  | {
      readonly kind: 'failure';
      readonly endpointId: string;
      readonly at: Date;
      readonly rateLimited: boolean;
      readonly errorCode: string;
    }
  /** A completed generation's speed: output tokens / generation time (after the first token). */
  | { readonly kind: 'throughput'; readonly endpointId: string; readonly at: Date; readonly tokensPerSecond: number }
  /**
   * The attempt ended before the commit point without saying anything about the endpoint (the client
   * left, or the request itself was at fault): counts for nothing, but frees a half-open breaker's
   * probe slot at once.
   */
  | { readonly kind: 'abandoned'; readonly endpointId: string; readonly at: Date };

export interface EndpointStats {
  /** The snapshot the routing policy reads for one request. */
  view(now: Date): HealthView;
  /**
   * Asked by the executor right before an attempt. False when the breaker is open, or half-open with
   * its probe already in flight; true reserves the probe slot of a half-open breaker.
   */
  admit(endpointId: string, now: Date): boolean;
  /** Never throws and never blocks the request (shared adapters write behind). */
  record(sample: EndpointSample): void;
}
