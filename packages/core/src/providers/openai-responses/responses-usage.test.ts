import { describe, expect, it } from 'vitest';
import { computeCost, parsePricing } from '../../billing/pricing.js';
import type { Usage } from '../../canonical/canonical-event.js';
import { parseResponsesUsage } from './responses-parts.js';

/** GPT-6.2 Sol on openai-responses.yaml: $2 / $10 per M, cache read $0.10, cache write $2.50. */
const SOL = parsePricing({ prompt: '0.000002', completion: '0.00001', input_cache_read: '0.0000001', input_cache_write: '0.0000025' });

describe('parseResponsesUsage', () => {
  it.each([
    [
      'cache write (first call with a prompt_cache_key)',
      { input_tokens: 4000, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 3207 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 10 } },
      { promptTokens: 4000, completionTokens: 50, cachedTokens: 0, cacheWriteTokens: 3207, reasoningTokens: 10 },
    ],
    [
      'cache read (second call)',
      { input_tokens: 4000, input_tokens_details: { cached_tokens: 3207, cache_write_tokens: 0 }, output_tokens: 50 },
      { promptTokens: 4000, completionTokens: 50, cachedTokens: 3207, cacheWriteTokens: 0 },
    ],
    [
      'no details (older recordings)',
      { input_tokens: 12, output_tokens: 3 },
      { promptTokens: 12, completionTokens: 3 },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(parseResponsesUsage(raw)).toEqual(expected);
  });

  it('is undefined without usage', () => {
    expect(parseResponsesUsage(undefined)).toBeUndefined();
    expect(parseResponsesUsage({})).toBeUndefined();
  });

  it('bills cache-write tokens at the input_cache_write price (input_tokens include them)', () => {
    const raw = { input_tokens: 4000, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 3000 }, output_tokens: 100 };
    const usage = parseResponsesUsage(raw) as Usage;
    // 1000 uncached × $2/M + 3000 written × $2.50/M = 2000 + 7500 µ$; 100 out × $10/M = 1000 µ$.
    expect(computeCost(SOL, { usage })).toMatchObject({ prompt: 9500, completion: 1000, total: 10_500 });
  });
});
