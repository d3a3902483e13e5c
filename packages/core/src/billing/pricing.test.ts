import { describe, expect, it } from 'vitest';
import { computeCost, formatUsdPrice, parsePricing, parseUsdPrice } from './pricing.js';

describe('prices are exact integers', () => {
  it.each([
    ['0', 0n],
    ['0.000003', 3_000_000n],
    ['0.0000000375', 37_500n],
    ['15', 15_000_000_000_000n],
    ['0.000000000001', 1n],
    ['0.0000025000', 2_500_000n],
  ])('%s → %s picodollars', (text, pico) => {
    expect(parseUsdPrice(text)).toBe(pico);
    expect(parseUsdPrice(formatUsdPrice(pico))).toBe(pico);
  });

  it.each(['-1', '1e-6', 'abc', '', '0.0000000000001'])('rejects %j', (text) => {
    expect(() => parseUsdPrice(text)).toThrow();
  });

  it('formats in the shortest form', () => {
    expect(formatUsdPrice(parseUsdPrice('0.00000250'))).toBe('0.0000025');
    expect(formatUsdPrice(0n)).toBe('0');
  });
});

describe('computeCost', () => {
  const sonnet = parsePricing({ prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' });

  it('prices prompt and completion tokens in microdollars', () => {
    expect(computeCost(sonnet, { usage: { promptTokens: 1000, completionTokens: 100 } })).toEqual({
      prompt: 3000,
      completion: 1500,
      total: 4500,
    });
  });

  it('prices cache reads and writes at their own rates', () => {
    // 200 uncached·3 + 500 read·0.3 + 300 write·3.75 = 600 + 150 + 1125
    const cost = computeCost(sonnet, { usage: { promptTokens: 1000, completionTokens: 0, cachedTokens: 500, cacheWriteTokens: 300 } });
    expect(cost.prompt).toBe(1875);
  });

  it('uses the internal_reasoning price for reasoning tokens when set', () => {
    const pricing = parsePricing({ prompt: '0', completion: '0.00001', internal_reasoning: '0.000002' });
    expect(computeCost(pricing, { usage: { promptTokens: 0, completionTokens: 100, reasoningTokens: 40 } }).completion).toBe(680);
  });

  it('adds per-request and per-image prices', () => {
    const pricing = parsePricing({ prompt: '0', completion: '0', request: '0.005', image: '0.001' });
    expect(computeCost(pricing, { usage: { promptTokens: 10, completionTokens: 10 }, images: 2 }).total).toBe(7000);
  });

  it('rounds half up once, on the total', () => {
    const pricing = parsePricing({ prompt: '0.0000001', completion: '0.0000004' });
    // 16·0.1 + 363·0.4 = 146.8 µ$
    expect(computeCost(pricing, { usage: { promptTokens: 16, completionTokens: 363 } }).total).toBe(147);
  });
});
