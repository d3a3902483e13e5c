import type { GatewayError } from '../errors/gateway-error.js';

export interface RetryConfig {
  /** Extra tries on the same endpoint for retryable errors (0 = no retry). */
  readonly maxRetriesPerEndpoint: number;
  /** First backoff; doubles per retry (openai-node's constants: 0.5 s, capped at 8 s). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the next endpoint is tried instead. */
  readonly maxRetryAfterMs: number;
  /** Per request: no attempt starts after it; each attempt's upstream timeout is capped by what is left. */
  readonly requestDeadlineMs: number;
}

export const DEFAULT_RETRY: RetryConfig = {
  maxRetriesPerEndpoint: 1,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 2000,
  requestDeadlineMs: 300_000,
};

export type AttemptDecision =
  | { readonly action: 'retry-same'; readonly delayMs: number }
  | { readonly action: 'next-endpoint' }
  | { readonly action: 'give-up' };

/** Pure: what to do after `error` on the `retriesSoFar`-th retry of an endpoint. `random` is in [0, 1). */
export function decideAttempt(
  error: GatewayError,
  retriesSoFar: number,
  config: RetryConfig,
  random: () => number,
): AttemptDecision {
  if (error.code === 'client_closed') return { action: 'give-up' };
  if (error.retryable && retriesSoFar < config.maxRetriesPerEndpoint) {
    const retryAfter = error.options.retryAfterMs;
    if (retryAfter !== undefined) {
      if (retryAfter <= config.maxRetryAfterMs) return { action: 'retry-same', delayMs: retryAfter };
    } else {
      const backoff = Math.min(config.baseDelayMs * 2 ** retriesSoFar, config.maxDelayMs);
      const jitter = 1 - 0.25 * random();
      return { action: 'retry-same', delayMs: Math.round(backoff * jitter) };
    }
  }
  return error.fallback || error.retryable ? { action: 'next-endpoint' } : { action: 'give-up' };
}
