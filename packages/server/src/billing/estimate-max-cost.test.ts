import { parsePricing, type Endpoint, type PricingStrings } from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { affordableTokens, estimateMaxCost, estimatePromptTokens } from './estimate-max-cost.js';

function endpoint(id: string, prices: PricingStrings, contextLength = 10_000, maxCompletionTokens: number | null = null): Endpoint {
  return {
    id: `m@${id}`,
    modelId: 'a/m',
    providerId: id,
    providerName: id,
    upstreamModel: 'm',
    pricingStrings: prices,
    pricing: parsePricing(prices),
    contextLength,
    maxCompletionTokens,
    supportedParameters: new Set(),
    quantization: null,
    dataPolicy: { training: false, retainsPrompts: false, zdr: false },
  };
}

// 40 characters of JSON → 10 prompt tokens.
const MESSAGES = [{ role: 'user', content: 'x'.repeat(10) }] as ChatCompletionRequest['messages'];
const request = (extra: Partial<ChatCompletionRequest> = {}) => ({ messages: MESSAGES, ...extra }) as ChatCompletionRequest;
const CHEAP = endpoint('cheap', { prompt: '0.000001', completion: '0.000002' });
const DEAR = endpoint('dear', { prompt: '0.000003', completion: '0.000015' });

describe('estimateMaxCost', () => {
  it('prices the prompt estimate and max_tokens on the dearest planned endpoint', () => {
    expect(estimatePromptTokens(request())).toBe(10);
    const cost = estimateMaxCost(request({ max_tokens: 100 }), [CHEAP, DEAR]);
    expect(cost).toMatchObject({ endpoint: DEAR, promptTokens: 10, completionTokens: 100, amountMicro: 10 * 3 + 100 * 15 });
  });

  it('prefers max_completion_tokens, caps by the endpoint limit and the context left, else uses it', () => {
    expect(estimateMaxCost(request({ max_tokens: 50, max_completion_tokens: 70 }), [CHEAP])?.completionTokens).toBe(70);
    expect(estimateMaxCost(request({ max_tokens: 5000 }), [endpoint('e', { prompt: '0.000001', completion: '0.000001' }, 10_000, 4096)])?.completionTokens).toBe(4096);
    expect(estimateMaxCost(request(), [CHEAP])?.completionTokens).toBe(10_000 - 10);
  });

  it('counts tool definitions, images, the request price, and the dearest of cache-write and reasoning prices', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: {} } }] as ChatCompletionRequest['tools'];
    expect(estimatePromptTokens(request({ tools }))).toBeGreaterThan(10);
    const image = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] as ChatCompletionRequest['messages'];
    const priced = endpoint('p', { prompt: '0.000001', completion: '0.000002', input_cache_write: '0.000004', internal_reasoning: '0.000003', request: '0.001', image: '0.002' });
    const cost = estimateMaxCost({ messages: image, max_tokens: 10 } as ChatCompletionRequest, [priced]);
    const prompt = estimatePromptTokens({ messages: image } as ChatCompletionRequest);
    expect(cost?.amountMicro).toBe(prompt * 4 + 2000 + 1000 + 10 * 3);
  });

  it('is undefined when every planned endpoint is free, and rounds a fraction of a microdollar up', () => {
    expect(estimateMaxCost(request({ max_tokens: 1000 }), [endpoint('f', { prompt: '0', completion: '0' })])).toBeUndefined();
    expect(estimateMaxCost(request({ max_tokens: 1 }), [endpoint('t', { prompt: '0.0000000001', completion: '0' })])?.amountMicro).toBe(1);
  });
});

describe('affordableTokens', () => {
  const cost = estimateMaxCost(request({ max_tokens: 100 }), [DEAR]);
  if (cost === undefined) throw new Error('expected a cost');

  it('is what the balance buys after the prompt, capped at what was asked', () => {
    expect(affordableTokens(cost, 0)).toBe(0);
    expect(affordableTokens(cost, 29)).toBe(0);
    expect(affordableTokens(cost, 30 + 15 * 7 + 14)).toBe(7);
    expect(affordableTokens(cost, 1_000_000)).toBe(100);
  });
});
