import { afterEach, beforeEach } from 'vitest';
import type { Kysely } from 'kysely';
import type { GenerationRecord, MicroUsd, NewApiKey, Store } from '@switchyard/core';
import type { Database } from '../schema.js';

/** One fresh, empty store per test; `dispose` closes it and removes its file or schema. */
export interface StoreHandle {
  readonly store: Store;
  /** The Kysely instance under `store`: the contract uses it only where the port has no method (disabling a key). */
  readonly db: Kysely<Database>;
  dispose(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHandle>;

export interface StoreAccess {
  (): Store;
  db(): Kysely<Database>;
}

/** Registers beforeEach/afterEach: a migrated fresh store for every test of the enclosing describe. */
export function useStore(factory: StoreFactory): StoreAccess {
  const state: { handle: StoreHandle | undefined } = { handle: undefined };
  beforeEach(async () => {
    state.handle = await factory();
    await state.handle.store.migrate();
  });
  afterEach(async () => {
    const handle = state.handle;
    state.handle = undefined;
    await handle?.dispose();
  });
  const current = (): StoreHandle => {
    if (state.handle === undefined) throw new Error('store used outside a test');
    return state.handle;
  };
  return Object.assign(() => current().store, { db: () => current().db });
}

export const ACCOUNT = { id: 'acct_1', name: 'Account one', createdAt: new Date('2025-01-02T03:04:05.678Z') } as const;
export const OTHER_ACCOUNT = { id: 'acct_2', name: 'Account two', createdAt: new Date('2025-01-03T00:00:00.000Z') } as const;

export function micro(value: number): MicroUsd {
  return value as MicroUsd;
}

export function newKey(id: string, overrides: Partial<NewApiKey> = {}): NewApiKey {
  return {
    id,
    hash: `hash_${id}`,
    label: `sk-sy-v1-${id.slice(0, 3)}...${id.slice(-4)}`,
    name: `Key ${id}`,
    kind: 'inference',
    accountId: ACCOUNT.id,
    createdAt: new Date('2025-02-01T10:00:00.000Z'),
    ...overrides,
  };
}

/** A generation with every nullable field null; override what a test needs. */
export function generation(id: string, overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    id,
    keyId: 'key_1',
    accountId: ACCOUNT.id,
    upstreamId: null,
    model: 'openai/gpt-4o-mini',
    providerId: null,
    providerName: null,
    upstreamModel: null,
    streamed: false,
    cancelled: false,
    status: 'success',
    finishReason: null,
    nativeFinishReason: null,
    tokensPrompt: 0,
    tokensCompletion: 0,
    nativeTokensPrompt: 0,
    nativeTokensCompletion: 0,
    nativeTokensReasoning: 0,
    nativeTokensCached: 0,
    nativeTokensCacheWrite: 0,
    numMediaPrompt: 0,
    costMicro: micro(0),
    upstreamCostMicro: micro(0),
    isByok: false,
    latencyMs: null,
    generationTimeMs: null,
    createdAt: new Date('2025-02-01T12:00:00.000Z'),
    appTitle: null,
    httpReferer: null,
    userAgent: null,
    externalUser: null,
    sessionId: null,
    errorCode: null,
    errorMessage: null,
    attempts: [],
    ...overrides,
  };
}

/** A generation with every field set to a non-default value. */
export function fullGeneration(id: string): GenerationRecord {
  return generation(id, {
    keyId: 'key_full',
    accountId: OTHER_ACCOUNT.id,
    upstreamId: 'chatcmpl-abc123',
    model: 'anthropic/claude-sonnet-4',
    providerId: 'anthropic',
    providerName: 'Anthropic',
    upstreamModel: 'claude-sonnet-4-20250514',
    streamed: true,
    cancelled: true,
    status: 'cancelled',
    finishReason: 'stop',
    nativeFinishReason: 'end_turn',
    tokensPrompt: 1200,
    tokensCompletion: 340,
    nativeTokensPrompt: 1190,
    nativeTokensCompletion: 330,
    nativeTokensReasoning: 120,
    nativeTokensCached: 1000,
    nativeTokensCacheWrite: 64,
    numMediaPrompt: 2,
    costMicro: micro(9_007_199_254_740_000), // near Number.MAX_SAFE_INTEGER: int8 must round-trip exactly
    upstreamCostMicro: micro(4_321),
    isByok: true,
    latencyMs: 812,
    generationTimeMs: 2_450,
    createdAt: new Date('2025-03-04T05:06:07.089Z'),
    appTitle: 'My App',
    httpReferer: 'https://example.com/app',
    userAgent: 'openai-node/6.0 ünïcödé ✓',
    externalUser: 'user-42',
    sessionId: 'sess-9',
    errorCode: 'upstream_rate_limited',
    errorMessage: 'first attempt was rate limited; "quoted" \n newline',
    attempts: [
      { providerId: 'anthropic', providerName: 'Anthropic', endpointId: 'ep_1', modelId: 'm1', status: 429, latencyMs: 120, errorCode: 'upstream_rate_limited', errorMessage: 'Anthropic: rate limited "now"' },
      { providerId: 'bedrock', providerName: 'Amazon Bedrock', endpointId: 'ep_2', modelId: 'm1', status: 200, latencyMs: 812 },
    ],
  });
}

/** Creates the two test accounts and returns the store. */
export async function withAccounts(store: Store): Promise<Store> {
  await store.accounts.ensure(ACCOUNT);
  await store.accounts.ensure(OTHER_ACCOUNT);
  return store;
}
