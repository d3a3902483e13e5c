import { describe, expect, it } from 'vitest';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, generation, micro, newKey, useStore, withAccounts } from './fixtures.js';

const CREATED = new Date('2025-02-01T10:00:00.000Z');
const LATER = new Date('2025-02-03T08:00:00.000Z');

export function describeKeyUpdates(factory: StoreFactory): void {
  describe('keys: update', () => {
    const store = useStore(factory);

    it('changes only the given fields, sets updatedAt and returns the stored record', async () => {
      await withAccounts(store());
      const created = await store().keys.create(newKey('key_1', { limitMicro: micro(5_000_000), limitReset: 'daily' }));
      const updated = await store().keys.update('key_1', { name: 'Renamed', limitReset: null }, LATER);
      expect(updated).toEqual({ ...created, name: 'Renamed', limitReset: null, updatedAt: LATER });
      expect(await store().keys.findByHash(created.hash)).toEqual(updated);
    });

    it('sets every field, including a null limit, and disables and re-enables a key', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1', { limitMicro: micro(1) }));
      const all = await store().keys.update(
        'key_1',
        { name: 'All', limitMicro: null, limitReset: 'monthly', includeByokInLimit: true, disabled: true },
        LATER,
      );
      expect(all).toMatchObject({ name: 'All', limitMicro: null, limitReset: 'monthly', includeByokInLimit: true, disabled: true });
      const limited = await store().keys.update('key_1', { limitMicro: micro(9_007_199_254_740_991), disabled: false }, LATER);
      expect(limited).toMatchObject({ limitMicro: 9_007_199_254_740_991, disabled: false, name: 'All' });
    });

    it('an empty change still records the update time', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      expect((await store().keys.update('key_1', {}, LATER))?.updatedAt).toEqual(LATER);
    });

    it('returns undefined for an unknown or deleted key and changes nothing', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      await store().keys.delete('key_1', LATER);
      expect(await store().keys.update('key_1', { name: 'Back' }, LATER)).toBeUndefined();
      expect(await store().keys.update('key_missing', { name: 'X' }, LATER)).toBeUndefined();
    });

    it('rejects a fractional or negative limit and an unknown reset before writing', async () => {
      await withAccounts(store());
      const created = await store().keys.create(newKey('key_1'));
      await expect(store().keys.update('key_1', { limitMicro: micro(1.5) }, LATER)).rejects.toThrow(RangeError);
      await expect(store().keys.update('key_1', { limitMicro: micro(-1) }, LATER)).rejects.toThrow();
      const bogus = { limitReset: 'yearly' } as unknown as Parameters<ReturnType<typeof store>['keys']['update']>[1];
      await expect(store().keys.update('key_1', bogus, LATER)).rejects.toThrow(RangeError);
      expect(await store().keys.findById('key_1')).toEqual(created);
    });
  });
}

export function describeKeyDeletion(factory: StoreFactory): void {
  describe('keys: delete', () => {
    const store = useStore(factory);

    it('a deleted key is gone from every read, its generations stay, its hash stays taken', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1', { createdAt: CREATED }));
      await store().keys.create(newKey('key_2', { createdAt: CREATED }));
      await store().generations.insertMany([generation('gen_1', { keyId: 'key_1', costMicro: micro(70) })]);
      expect(await store().keys.delete('key_1', LATER)).toBe(true);

      expect(await store().keys.findByHash('hash_key_1')).toBeUndefined();
      expect(await store().keys.findById('key_1')).toBeUndefined();
      const page = await store().keys.list(ACCOUNT.id, { offset: 0, limit: 10 }, true);
      expect(page).toMatchObject({ total: 1, items: [{ id: 'key_2' }] });
      expect(await store().keys.countByKind('inference')).toBe(1);
      expect(await store().generations.get('gen_1')).toMatchObject({ keyId: 'key_1', accountId: ACCOUNT.id });
      expect((await store().keys.usage('key_1', LATER)).total).toBe(70);
      expect(await store().keys.hashTaken('hash_key_1')).toBe(true);
      await expect(store().keys.create(newKey('key_3', { hash: 'hash_key_1' }))).rejects.toThrow();
    });

    it('deletes once: a second delete and an unknown id answer false', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      expect(await store().keys.delete('key_1', LATER)).toBe(true);
      expect(await store().keys.delete('key_1', LATER)).toBe(false);
      expect(await store().keys.delete('key_missing', LATER)).toBe(false);
      expect(await store().keys.hashTaken('hash_missing')).toBe(false);
    });
  });
}

export function describeKeyChanges(factory: StoreFactory): void {
  describe('keys: changedSince', () => {
    const store = useStore(factory);
    const at = (second: number): Date => new Date(Date.UTC(2025, 1, 3, 8, 0, second));

    it('reports updated and deleted keys at or after the given time, oldest first, never untouched ones', async () => {
      await withAccounts(store());
      for (const id of ['key_a', 'key_b', 'key_c', 'key_d']) await store().keys.create(newKey(id));
      await store().keys.update('key_a', { disabled: true }, at(1));
      await store().keys.update('key_b', { name: 'B' }, at(3));
      await store().keys.delete('key_c', at(2));
      const changes = await store().keys.changedSince(at(2));
      expect(changes).toEqual([
        { hash: 'hash_key_c', updatedAt: at(2) },
        { hash: 'hash_key_b', updatedAt: at(3) },
      ]);
      expect((await store().keys.changedSince(at(0))).map((change) => change.hash)).toEqual(['hash_key_a', 'hash_key_c', 'hash_key_b']);
      expect(await store().keys.changedSince(at(4))).toEqual([]);
    });
  });
}
