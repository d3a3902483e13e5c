import { GatewayError, MemoryRateLimiter, parsePricing, type ApiKeyRecord, type Endpoint } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { DEFAULT_RATE_LIMITS, rateLimitSettings, type RateLimitSettings } from './rate-limit-settings.js';
import { isFreePlan, NO_PURCHASES, RequestLimits, type PurchasedCredits } from './request-limits.js';

function endpoint(modelId: string, prompt: string): Endpoint {
  return {
    id: `${modelId}@p`,
    modelId,
    providerId: 'p',
    providerName: 'P',
    upstreamModel: 'm',
    pricingStrings: { prompt, completion: prompt },
    pricing: parsePricing({ prompt, completion: prompt }),
    contextLength: 1000,
    maxCompletionTokens: null,
    supportedParameters: new Set(),
    quantization: null,
    dataPolicy: { training: false, retainsPrompts: false, zdr: false },
  };
}

const FREE = [endpoint('a/m:free', '0')];
const PAID = [endpoint('a/m', '0.000001')];
const key = (id: string, accountId = 'acct-1') => ({ id, accountId }) as ApiKeyRecord;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms);

function limits(settings: Partial<RateLimitSettings> = {}, purchasedCredits: PurchasedCredits = NO_PURCHASES) {
  return new RequestLimits({
    limiter: new MemoryRateLimiter(),
    settings: { ...DEFAULT_RATE_LIMITS, ...settings },
    purchasedCredits,
    logger: createLogger('silent'),
  });
}

async function refusal(run: Promise<void>): Promise<GatewayError> {
  const error = await run.then(() => undefined, (thrown: unknown) => thrown);
  if (!GatewayError.is(error)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

describe('isFreePlan', () => {
  it('is true only when every planned endpoint costs nothing', () => {
    expect(isFreePlan(FREE)).toBe(true);
    expect(isFreePlan([endpoint('a/zero', '0')])).toBe(true);
    expect(isFreePlan([...FREE, ...PAID])).toBe(false);
    expect(isFreePlan([])).toBe(false);
  });
});

describe('RequestLimits', () => {
  it('allows 20 free-model requests a minute per account, then answers 429 in OpenRouter’s shape', async () => {
    const limiter = limits();
    for (let i = 0; i < 20; i++) await limiter.admit(key(`k${i % 3}`), FREE, at(i));
    const error = await refusal(limiter.admit(key('k9'), FREE, at(30_000)));
    expect(error.status).toBe(429);
    expect(error.message).toBe('Rate limit exceeded: free-models-per-min.');
    expect(error.options.retryAfterMs).toBe(30_000);
    expect(error.options.metadata).toEqual({
      headers: { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(T0 + 60_000) },
    });
    await limiter.admit(key('k1', 'acct-2'), FREE, at(30_001));
    await limiter.admit(key('k1'), PAID, at(30_002));
  });

  it('caps free-model requests per day, higher once the account has bought enough credits', async () => {
    const settings = rateLimitSettings({ free_models: { requests_per_minute: 100, requests_per_day: 2, requests_per_day_with_credits: 3, credits_threshold_usd: 10 } });
    const poor = limits(settings);
    await poor.admit(key('k'), FREE, at(0));
    await poor.admit(key('k'), FREE, at(1));
    const error = await refusal(poor.admit(key('k'), FREE, at(2)));
    expect(error.message).toBe('Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 3 free model requests per day');
    expect(error.options.retryAfterMs).toBe(12 * 3_600_000 - 2);
    const rich = limits(settings, () => Promise.resolve(10_000_000));
    for (let i = 0; i < 3; i++) await rich.admit(key('k'), FREE, at(i));
    expect((await refusal(rich.admit(key('k'), FREE, at(3)))).message).toBe('Rate limit exceeded: free-models-per-day-high-balance.');
  });

  it('applies a configured per-key rate to every request, paid ones too', async () => {
    const limiter = limits({ keyRequestsPerMinute: 2 });
    await limiter.admit(key('a'), PAID, at(0));
    await limiter.admit(key('a'), FREE, at(1));
    expect((await refusal(limiter.admit(key('a'), PAID, at(2)))).message).toBe('Rate limit exceeded: requests-per-min.');
    await limiter.admit(key('b'), PAID, at(3));
  });

  it('reports the daily free-model quota and the free tier for GET /key', async () => {
    const limiter = limits();
    await limiter.admit(key('a'), FREE, at(0));
    expect(await limiter.view(key('a'), at(1))).toEqual({
      isFreeTier: true,
      freeModelDaily: { limit: 200, remaining: 199, used: 1 },
      requestsPerMinute: undefined,
    });
    const paying = limits({}, () => Promise.resolve(5_000_000));
    expect(await paying.view(key('a'), at(1))).toMatchObject({ isFreeTier: false, freeModelDaily: { limit: 200 } });
  });

  it('lets requests through, and reports the quota unused, when the limiter fails', async () => {
    const broken = new RequestLimits({
      limiter: { hit: () => Promise.reject(new Error('redis down')), peek: () => Promise.reject(new Error('redis down')) },
      settings: DEFAULT_RATE_LIMITS,
      purchasedCredits: NO_PURCHASES,
      logger: createLogger('silent'),
    });
    await expect(broken.admit(key('a'), FREE, at(0))).resolves.toBeUndefined();
    expect((await broken.view(key('a'), at(0))).freeModelDaily).toEqual({ limit: 200, remaining: 200, used: 0 });
  });
});
