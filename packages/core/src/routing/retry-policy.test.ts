import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { decideAttempt, DEFAULT_RETRY } from './retry-policy.js';

const config = { ...DEFAULT_RETRY, maxRetriesPerEndpoint: 5 };
const unavailable = new GatewayError('upstream_unavailable', 'down');

describe('decideAttempt', () => {
  it('backs off exponentially from baseDelayMs, capped at maxDelayMs', () => {
    const delays = [0, 1, 2, 3, 4].map((n) => decideAttempt(unavailable, n, config, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000].map((delayMs) => ({ action: 'retry-same', delayMs })));
    expect(decideAttempt(unavailable, 4, { ...config, maxDelayMs: 3000 }, () => 0)).toEqual({ action: 'retry-same', delayMs: 3000 });
  });

  it('takes up to 25 % off the backoff as jitter', () => {
    expect(decideAttempt(unavailable, 1, config, () => 0.999)).toEqual({ action: 'retry-same', delayMs: 750 });
    expect(decideAttempt(unavailable, 1, config, () => 0.5)).toEqual({ action: 'retry-same', delayMs: 875 });
  });

  it('waits a short Retry-After exactly, and moves on when it is longer than maxRetryAfterMs', () => {
    const short = new GatewayError('upstream_rate_limited', 'slow down', { retryAfterMs: 1500 });
    const long = new GatewayError('upstream_rate_limited', 'slow down', { retryAfterMs: 2001 });
    expect(decideAttempt(short, 0, config, () => 0.5)).toEqual({ action: 'retry-same', delayMs: 1500 });
    expect(decideAttempt(long, 0, config, () => 0.5)).toEqual({ action: 'next-endpoint' });
  });

  it('moves on after the last retry, and for errors that are not retryable but may fall back', () => {
    expect(decideAttempt(unavailable, 5, config, () => 0)).toEqual({ action: 'next-endpoint' });
    expect(decideAttempt(new GatewayError('context_length_exceeded', 'too long'), 0, config, () => 0)).toEqual({ action: 'next-endpoint' });
  });

  it('gives up on errors the request caused and when the client left', () => {
    expect(decideAttempt(new GatewayError('upstream_rejected', 'bad'), 0, config, () => 0)).toEqual({ action: 'give-up' });
    expect(decideAttempt(new GatewayError('client_closed', 'gone'), 0, config, () => 0)).toEqual({ action: 'give-up' });
  });
});
