import { describe, expect, it } from 'vitest';
import type { NewByokCredential } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, OTHER_ACCOUNT, useStore, withAccounts } from './fixtures.js';

const CREATED = new Date('2025-02-01T10:00:00.000Z');
const LATER = new Date('2025-02-02T11:00:00.000Z');
const MONTH = new Date('2025-02-01T00:00:00.000Z');

function credential(id: string, overrides: Partial<NewByokCredential> = {}): NewByokCredential {
  return {
    id,
    accountId: ACCOUNT.id,
    provider: 'openai',
    name: 'Production key',
    label: 'sk-...AbCd',
    disabled: false,
    secret: { ciphertext: `sealed-${id}`, keyId: 'k1' },
    createdAt: CREATED,
    ...overrides,
  };
}

export function describeByok(factory: StoreFactory): void {
  describe('byok credentials', () => {
    const store = useStore(factory);

    it('create round-trips every field; one credential per account and provider', async () => {
      await withAccounts(store());
      const created = await store().byok.create(credential('b1', { name: null }));
      expect(created).toEqual({ ...credential('b1', { name: null }), updatedAt: null });
      expect(await store().byok.get(ACCOUNT.id, 'b1')).toEqual(created);
      expect(await store().byok.findByProvider(ACCOUNT.id, 'openai')).toEqual(created);
      await expect(store().byok.create(credential('b2'))).rejects.toThrow();
      // Another account may hold a key for the same provider.
      await store().byok.create(credential('b3', { accountId: OTHER_ACCOUNT.id }));
      await expect(store().byok.create(credential('b4', { accountId: 'acct_missing', provider: 'groq' }))).rejects.toThrow();
    });

    it('never shows one account the credentials of another', async () => {
      await withAccounts(store());
      await store().byok.create(credential('b1'));
      expect(await store().byok.get(OTHER_ACCOUNT.id, 'b1')).toBeUndefined();
      expect(await store().byok.findByProvider(OTHER_ACCOUNT.id, 'openai')).toBeUndefined();
      expect(await store().byok.list(OTHER_ACCOUNT.id, { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
      expect(await store().byok.listEnabled(OTHER_ACCOUNT.id)).toEqual([]);
      expect(await store().byok.update(OTHER_ACCOUNT.id, 'b1', { disabled: true }, LATER)).toBeUndefined();
      expect(await store().byok.delete(OTHER_ACCOUNT.id, 'b1')).toBe(false);
      expect(await store().byok.get(ACCOUNT.id, 'b1')).toMatchObject({ disabled: false });
    });

    it('lists oldest first with paging and a provider filter; listEnabled skips disabled ones', async () => {
      await withAccounts(store());
      await store().byok.create(credential('b2', { provider: 'anthropic', createdAt: LATER }));
      await store().byok.create(credential('b1', { provider: 'openai' }));
      await store().byok.create(credential('b3', { provider: 'groq', createdAt: LATER, disabled: true }));
      const all = await store().byok.list(ACCOUNT.id, { offset: 0, limit: 10 });
      expect(all.items.map((item) => item.id)).toEqual(['b1', 'b2', 'b3']);
      expect(all.total).toBe(3);
      const second = await store().byok.list(ACCOUNT.id, { offset: 1, limit: 1 });
      expect(second).toMatchObject({ total: 3, items: [{ id: 'b2' }] });
      const groq = await store().byok.list(ACCOUNT.id, { offset: 0, limit: 10 }, 'groq');
      expect(groq).toMatchObject({ total: 1, items: [{ id: 'b3' }] });
      expect((await store().byok.listEnabled(ACCOUNT.id)).map((item) => item.id)).toEqual(['b1', 'b2']);
    });

    it('updates name and disabled, rotates the sealed key with its label, and deletes', async () => {
      await withAccounts(store());
      await store().byok.create(credential('b1'));
      const renamed = await store().byok.update(ACCOUNT.id, 'b1', { name: 'Renamed', disabled: true }, LATER);
      expect(renamed).toMatchObject({ name: 'Renamed', disabled: true, label: 'sk-...AbCd', updatedAt: LATER });
      const rotate = { secret: { ciphertext: 'sealed-new', keyId: 'k2' }, label: 'sk-...WxYz' };
      const rotated = await store().byok.update(ACCOUNT.id, 'b1', { rotate }, LATER);
      expect(rotated).toMatchObject({ name: 'Renamed', secret: rotate.secret, label: 'sk-...WxYz' });
      expect(await store().byok.delete(ACCOUNT.id, 'b1')).toBe(true);
      expect(await store().byok.get(ACCOUNT.id, 'b1')).toBeUndefined();
      expect(await store().byok.delete(ACCOUNT.id, 'b1')).toBe(false);
      // The provider is free again.
      await store().byok.create(credential('b5'));
    });

    it('counts BYOK requests per account and month, atomically', async () => {
      await withAccounts(store());
      const counts = await Promise.all(Array.from({ length: 20 }, () => store().byok.countRequest(ACCOUNT.id, MONTH)));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store().byok.countRequest(OTHER_ACCOUNT.id, MONTH)).toBe(1);
      expect(await store().byok.countRequest(ACCOUNT.id, new Date('2025-03-01T00:00:00.000Z'))).toBe(1);
      expect(await store().byok.countRequest(ACCOUNT.id, MONTH)).toBe(21);
    });
  });
}
