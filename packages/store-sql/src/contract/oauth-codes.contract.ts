import { describe, expect, it } from 'vitest';
import type { NewOAuthCode } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, OTHER_ACCOUNT, micro, useStore, withAccounts } from './fixtures.js';

const CREATED = new Date('2025-02-01T10:00:00.000Z');
const EXPIRES = new Date('2025-02-01T10:10:00.000Z');

export function oauthCode(codeHash: string, overrides: Partial<NewOAuthCode> = {}): NewOAuthCode {
  return {
    codeHash,
    accountId: ACCOUNT.id,
    approvedByKeyId: 'key_prov',
    callbackUrl: 'https://app.example/callback?state=1',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256',
    limitMicro: null,
    limitReset: null,
    keyLabel: null,
    keyExpiresAt: null,
    createdAt: CREATED,
    expiresAt: EXPIRES,
    ...overrides,
  };
}

export function describeOAuthCodes(factory: StoreFactory): void {
  describe('oauth codes', () => {
    describeCodeStorage(factory);
    describeCodeConsumption(factory);
  });
}

function describeCodeStorage(factory: StoreFactory): void {
  describe('storage', () => {
    const store = useStore(factory);

    it('create round-trips every field, and findByHash reads it back', async () => {
      await withAccounts(store());
      const input = oauthCode('hash_full', {
        accountId: OTHER_ACCOUNT.id,
        callbackUrl: null,
        codeChallenge: 'plain-verifier-plain-verifier-plain-verifier-0123',
        codeChallengeMethod: 'plain',
        limitMicro: micro(9_007_199_254_740_991),
        limitReset: 'monthly',
        keyLabel: 'My app ✓ "quoted"',
        keyExpiresAt: new Date('2200-06-30T12:34:56.789Z'),
      });
      const created = await store().oauthCodes.create(input);
      expect(created).toEqual({ ...input, consumedAt: null });
      expect(await store().oauthCodes.findByHash('hash_full')).toEqual(created);
      expect(await store().oauthCodes.findByHash('hash_other')).toBeUndefined();
    });

    it('stores a code without a challenge, and rejects a challenge without its method', async () => {
      await withAccounts(store());
      const plain = await store().oauthCodes.create(oauthCode('hash_none', { codeChallenge: null, codeChallengeMethod: null }));
      expect(plain).toMatchObject({ codeChallenge: null, codeChallengeMethod: null });
      await expect(store().oauthCodes.create(oauthCode('hash_bad', { codeChallengeMethod: null }))).rejects.toThrow();
    });

    it('rejects a duplicate hash and an unknown account', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_1'));
      await expect(store().oauthCodes.create(oauthCode('hash_1'))).rejects.toThrow();
      await expect(store().oauthCodes.create(oauthCode('hash_2', { accountId: 'acct_missing' }))).rejects.toThrow();
    });

    it('deleteExpired removes codes that expired before the instant and counts them', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_old', { expiresAt: new Date('2025-01-01T00:00:00.000Z') }));
      await store().oauthCodes.create(oauthCode('hash_edge'));
      await store().oauthCodes.create(oauthCode('hash_new', { expiresAt: new Date('2025-03-01T00:00:00.000Z') }));
      expect(await store().oauthCodes.deleteExpired(EXPIRES)).toBe(1);
      expect(await store().oauthCodes.findByHash('hash_old')).toBeUndefined();
      expect(await store().oauthCodes.findByHash('hash_edge')).toBeDefined();
      expect(await store().oauthCodes.deleteExpired(new Date('2025-02-15T00:00:00.000Z'))).toBe(1);
      expect(await store().oauthCodes.findByHash('hash_new')).toBeDefined();
    });
  });
}

function describeCodeConsumption(factory: StoreFactory): void {
  describe('consume', () => {
    const store = useStore(factory);

    it('consume succeeds once, then reports already_used; an unknown hash is unknown', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_1'));
      const at = new Date('2025-02-01T10:01:00.000Z');
      const first = await store().oauthCodes.consume('hash_1', at);
      expect(first).toEqual({ outcome: 'consumed', code: { ...oauthCode('hash_1'), consumedAt: at } });
      const second = await store().oauthCodes.consume('hash_1', new Date('2025-02-01T10:02:00.000Z'));
      expect(second).toEqual({ outcome: 'already_used', code: { ...oauthCode('hash_1'), consumedAt: at } });
      expect(await store().oauthCodes.consume('hash_unknown', at)).toEqual({ outcome: 'unknown' });
    });

    it('consume does not judge expiry: an expired code is consumed and returned for the caller to refuse', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_1'));
      const late = new Date('2025-02-01T11:00:00.000Z');
      expect(await store().oauthCodes.consume('hash_1', late)).toMatchObject({ outcome: 'consumed', code: { expiresAt: EXPIRES } });
    });

    it('exactly one of many racing consumers wins', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_race'));
      const at = new Date('2025-02-01T10:01:00.000Z');
      const results = await Promise.all(Array.from({ length: 12 }, () => store().oauthCodes.consume('hash_race', at)));
      expect(results.filter((result) => result.outcome === 'consumed')).toHaveLength(1);
      expect(results.filter((result) => result.outcome === 'already_used')).toHaveLength(11);
    });

    it('exactly one of racing transactions (consume, then create a key) wins', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_tx'));
      const at = new Date('2025-02-01T10:01:00.000Z');
      const attempt = (index: number) =>
        store().transaction(async (tx) => {
          const result = await tx.oauthCodes.consume('hash_tx', at);
          if (result.outcome !== 'consumed') return result.outcome;
          await tx.keys.create({ id: `key_${String(index)}`, hash: `hash_key_${String(index)}`, label: 'l', name: 'OAuth', kind: 'inference', accountId: ACCOUNT.id, createdAt: at });
          return result.outcome;
        });
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, index) => attempt(index)));
      expect(outcomes.filter((outcome) => outcome === 'consumed')).toHaveLength(1);
      expect(await store().keys.countByKind('inference')).toBe(1);
    });

    it('a consume rolled back with its transaction leaves the code unused', async () => {
      await withAccounts(store());
      await store().oauthCodes.create(oauthCode('hash_1'));
      const failure = new Error('key creation failed');
      const run = store().transaction(async (tx) => {
        await tx.oauthCodes.consume('hash_1', new Date('2025-02-01T10:01:00.000Z'));
        throw failure;
      });
      await expect(run).rejects.toBe(failure);
      expect((await store().oauthCodes.findByHash('hash_1'))?.consumedAt).toBeNull();
    });
  });
}
