import { parsePricing, type ApiKeyRecord, type Clock, type Endpoint } from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';

/** Shared by the credit-gate tests: a fixed clock, a paid and a free endpoint, a request, a key without a limit. */
export const NOW = new Date('2025-04-02T10:00:00.000Z');
export const clock: Clock = { now: () => NOW, monotonicMs: () => 0 };
const prices = { prompt: '0.000001', completion: '0.000002' };
export const PAID: Endpoint = {
  id: 'a/m@p', modelId: 'a/m', providerId: 'p', providerName: 'P', upstreamModel: 'm', pricingStrings: prices, pricing: parsePricing(prices),
  contextLength: 8192, maxCompletionTokens: null, supportedParameters: new Set(), quantization: null,
  dataPolicy: { training: false, retainsPrompts: false, zdr: false },
};
export const FREE: Endpoint = { ...PAID, id: 'a/m:free@p', pricing: parsePricing({ prompt: '0', completion: '0' }) };
export const REQUEST = { messages: [{ role: 'user', content: 'Hello' }], max_tokens: 100 } as ChatCompletionRequest;
export const KEY = { id: 'key_1', accountId: 'acct_1', limitMicro: null, limitReset: null, includeByokInLimit: false } as ApiKeyRecord;
