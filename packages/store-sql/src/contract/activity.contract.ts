import { describe, expect, it } from 'vitest';
import type { GenerationRecord } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, OTHER_ACCOUNT, generation, micro, newKey, useStore, withAccounts } from './fixtures.js';

const DAY = 86_400_000;
const D1 = Date.UTC(2025, 5, 10);
const D2 = D1 + DAY;

function served(id: string, at: number, overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return generation(id, {
    keyId: 'key_a',
    providerId: 'openai',
    providerName: 'OpenAI',
    createdAt: new Date(at),
    tokensPrompt: 10,
    tokensCompletion: 20,
    nativeTokensReasoning: 5,
    costMicro: micro(100),
    ...overrides,
  });
}

export function describeActivity(factory: StoreFactory): void {
  describe('activity: generations grouped by UTC day, model and provider', () => {
    const store = useStore(factory);

    const seed = async () => {
      const s = await withAccounts(store());
      await s.organizations.createUser({ id: 'user_m', email: 'm@example.com', firstName: null, lastName: null, createdAt: new Date(D1) });
      await s.keys.create(newKey('key_a'));
      await s.keys.create(newKey('key_b', { creatorUserId: 'user_m' }));
      await s.generations.insertMany([
        served('g1', D1 + 1000),
        served('g2', D1 + DAY - 1, { keyId: 'key_b', costMicro: micro(50), isByok: true, upstreamCostMicro: micro(900) }),
        served('g3', D1 + 5, { providerId: 'azure', providerName: 'Azure' }),
        served('g4', D2, { model: 'anthropic/claude-sonnet-4', providerId: 'anthropic', providerName: 'Anthropic', keyId: 'key_b' }),
        served('g5', D1 + 10, { providerId: null, providerName: null, status: 'error' }),
        served('g6', D1 + 10, { accountId: OTHER_ACCOUNT.id, keyId: 'key_x' }),
        served('g7', D2 + DAY, {}),
      ]);
      return s;
    };

    it('sums requests, tokens, spend and BYOK upstream cost per group; skips rows no provider served', async () => {
      const s = await seed();
      const rows = await s.activity.query({ accountId: ACCOUNT.id, from: D1, to: D2 + DAY });
      expect(rows).toEqual([
        { day: D1 / DAY, model: 'openai/gpt-4o-mini', providerId: 'azure', providerName: 'Azure', requests: 1, promptTokens: 10, completionTokens: 20, reasoningTokens: 5, costMicro: 100, byokUpstreamMicro: 0 },
        { day: D1 / DAY, model: 'openai/gpt-4o-mini', providerId: 'openai', providerName: 'OpenAI', requests: 2, promptTokens: 20, completionTokens: 40, reasoningTokens: 10, costMicro: 150, byokUpstreamMicro: 900 },
        { day: D2 / DAY, model: 'anthropic/claude-sonnet-4', providerId: 'anthropic', providerName: 'Anthropic', requests: 1, promptTokens: 10, completionTokens: 20, reasoningTokens: 5, costMicro: 100, byokUpstreamMicro: 0 },
      ]);
    });

    it('filters by key and by the user who created the keys, never leaving the account', async () => {
      const s = await seed();
      const window = { accountId: ACCOUNT.id, from: D1, to: D2 + DAY };
      const byKey = await s.activity.query({ ...window, keyId: 'key_b' });
      expect(byKey.map((row) => [row.day, row.providerId, row.requests])).toEqual([[D1 / DAY, 'openai', 1], [D2 / DAY, 'anthropic', 1]]);
      expect(await s.activity.query({ ...window, creatorUserId: 'user_m' })).toEqual(byKey);
      expect(await s.activity.query({ ...window, keyId: 'key_x' })).toEqual([]);
      expect(await s.activity.query({ ...window, accountId: 'acct_missing' })).toEqual([]);
      expect((await s.activity.query({ accountId: OTHER_ACCOUNT.id, from: D1, to: D2 })).map((row) => row.requests)).toEqual([1]);
    });

    it('windows are half-open and refuse nonsense', async () => {
      const s = await seed();
      expect((await s.activity.query({ accountId: ACCOUNT.id, from: D2, to: D2 + 1 })).map((row) => row.providerId)).toEqual(['anthropic']);
      expect(await s.activity.query({ accountId: ACCOUNT.id, from: D2 + 1, to: D2 + DAY })).toEqual([]);
      await expect(s.activity.query({ accountId: ACCOUNT.id, from: D2, to: D1 })).rejects.toThrow(RangeError);
    });
  });
}
