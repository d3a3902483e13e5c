import { parsePricing, type ApiKeyRecord, type Clock, type Endpoint, type GenerationRecord, type MicroUsd } from '@switchyard/core';
import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
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

/** A migrated in-memory store with KEY's account (`acct_1`). */
export async function ledgerStore(): Promise<SqlStore> {
  const store = createSqliteStore({ path: ':memory:' });
  await store.migrate();
  await store.accounts.ensure({ id: KEY.accountId, name: 'one', createdAt: NOW });
  return store;
}

/** A successful generation of KEY billed `costMicro`, in the stored shape. */
export function generationRecord(id: string, costMicro: number): GenerationRecord {
  return {
    id, keyId: KEY.id, accountId: KEY.accountId, upstreamId: null, model: 'a/m', providerId: 'p', providerName: 'P', upstreamModel: 'm',
    streamed: false, cancelled: false, status: 'success', finishReason: 'stop', nativeFinishReason: 'stop',
    tokensPrompt: 2, tokensCompletion: 20, nativeTokensPrompt: 2, nativeTokensCompletion: 20, nativeTokensReasoning: 0,
    nativeTokensCached: 0, nativeTokensCacheWrite: 0, numMediaPrompt: 0, costMicro: costMicro as MicroUsd, upstreamCostMicro: costMicro as MicroUsd,
    isByok: false, latencyMs: 10, generationTimeMs: 10, createdAt: NOW, appTitle: null, httpReferer: null, userAgent: null,
    externalUser: null, sessionId: null, errorCode: null, errorMessage: null, attempts: [],
  };
}
