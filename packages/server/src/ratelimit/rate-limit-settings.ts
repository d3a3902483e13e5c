import type { MicroUsd } from '@switchyard/core';
import type { z } from 'zod';
import type { rateLimitsSchema } from '../config/config-schema.js';

/** Free-model quotas, per account (OpenRouter §6), and the optional per-key request rate. */
export interface RateLimitSettings {
  readonly freeModels: {
    readonly perMinute: number;
    readonly perDay: number;
    /** The daily quota once the account has bought at least `creditsThreshold` of credits. */
    readonly perDayWithCredits: number;
    readonly creditsThreshold: MicroUsd;
  };
  /** Requests per minute per API key (every model); undefined: unlimited. */
  readonly keyRequestsPerMinute: number | undefined;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  freeModels: { perMinute: 20, perDay: 200, perDayWithCredits: 1000, creditsThreshold: 10_000_000 },
  keyRequestsPerMinute: undefined,
};

/** The `rate_limits:` config section with its defaults filled in. */
export function rateLimitSettings(section: z.infer<typeof rateLimitsSchema> | undefined): RateLimitSettings {
  const free = section?.free_models;
  return {
    freeModels:
      free === undefined
        ? DEFAULT_RATE_LIMITS.freeModels
        : {
            perMinute: free.requests_per_minute,
            perDay: free.requests_per_day,
            perDayWithCredits: free.requests_per_day_with_credits,
            creditsThreshold: Math.round(free.credits_threshold_usd * 1_000_000),
          },
    keyRequestsPerMinute: section?.requests_per_minute,
  };
}
