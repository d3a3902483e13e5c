import { describe, expect, it } from 'vitest';
import type { StoreAccess, StoreFactory } from './fixtures.js';
import { ACCOUNT, OTHER_ACCOUNT, micro, newKey, useStore, withAccounts } from './fixtures.js';

export function describeAccounts(factory: StoreFactory): void {
  describe('accounts', () => {
    const store = useStore(factory);

    it('ensure creates the account and get returns it with the same Date', async () => {
      const created = await store().accounts.ensure(ACCOUNT);
      expect(created).toEqual(ACCOUNT);
      const read = await store().accounts.get(ACCOUNT.id);
      expect(read).toEqual(ACCOUNT);
      expect(read?.createdAt).toBeInstanceOf(Date);
      expect(read?.createdAt.getTime()).toBe(ACCOUNT.createdAt.getTime());
    });

    it('ensure on an existing id keeps and returns the stored account', async () => {
      await store().accounts.ensure(ACCOUNT);
      const again = await store().accounts.ensure({ id: ACCOUNT.id, name: 'Renamed', createdAt: new Date(0) });
      expect(again).toEqual(ACCOUNT);
      expect(await store().accounts.get(ACCOUNT.id)).toEqual(ACCOUNT);
    });

    it('get returns undefined for an unknown id', async () => {
      expect(await store().accounts.get('acct_missing')).toBeUndefined();
    });
  });
}

export function describeKeyCrud(factory: StoreFactory): void {
  describe('keys: create and find', () => {
    const store = useStore(factory);

    it('create applies defaults and findById/findByHash return the same record', async () => {
      await withAccounts(store());
      const input = newKey('key_1');
      const created = await store().keys.create(input);
      expect(created).toEqual({
        ...input,
        limitMicro: null,
        limitReset: null,
        includeByokInLimit: false,
        disabled: false,
        updatedAt: null,
        expiresAt: null,
      });
      expect(await store().keys.findById('key_1')).toEqual(created);
      expect(await store().keys.findByHash('hash_key_1')).toEqual(created);
    });

    it('round-trips every optional field, including a large limit and Dates', async () => {
      await withAccounts(store());
      const input = newKey('key_2', {
        kind: 'provisioning',
        accountId: OTHER_ACCOUNT.id,
        limitMicro: micro(9_007_199_254_740_991),
        limitReset: 'weekly',
        includeByokInLimit: true,
        createdAt: new Date('1969-12-31T23:59:59.999Z'),
        expiresAt: new Date('2200-06-30T12:34:56.789Z'),
      });
      const created = await store().keys.create(input);
      expect(created).toMatchObject({ limitMicro: 9_007_199_254_740_991, limitReset: 'weekly', includeByokInLimit: true });
      const found = await store().keys.findByHash(input.hash);
      expect(found).toEqual(created);
      expect(found?.createdAt.toISOString()).toBe('1969-12-31T23:59:59.999Z');
      expect(found?.expiresAt?.toISOString()).toBe('2200-06-30T12:34:56.789Z');
      expect(typeof found?.limitMicro).toBe('number');
    });

    it('findByHash and findById miss with undefined', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      expect(await store().keys.findByHash('hash_unknown')).toBeUndefined();
      expect(await store().keys.findByHash('HASH_KEY_1')).toBeUndefined();
      expect(await store().keys.findById('key_unknown')).toBeUndefined();
    });

    it('rejects a duplicate hash, a duplicate id and an unknown account', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      await expect(store().keys.create(newKey('key_2', { hash: 'hash_key_1' }))).rejects.toThrow();
      await expect(store().keys.create(newKey('key_1', { hash: 'other' }))).rejects.toThrow();
      await expect(store().keys.create(newKey('key_3', { accountId: 'acct_missing' }))).rejects.toThrow();
      expect(await store().keys.findById('key_2')).toBeUndefined();
      expect(await store().keys.findById('key_3')).toBeUndefined();
    });

    it('rejects an invalid Date or a fractional limit before writing', async () => {
      await withAccounts(store());
      await expect(store().keys.create(newKey('key_1', { createdAt: new Date(Number.NaN) }))).rejects.toThrow(RangeError);
      await expect(store().keys.create(newKey('key_2', { limitMicro: micro(1.5) }))).rejects.toThrow(RangeError);
      expect(await store().keys.findById('key_1')).toBeUndefined();
    });
  });
}

async function setDisabled(store: StoreAccess, id: string): Promise<void> {
  const updated = await store().keys.update(id, { disabled: true }, new Date('2025-02-02T00:00:00.000Z'));
  expect(updated?.disabled).toBe(true);
}

export function describeKeyListing(factory: StoreFactory): void {
  describe('keys: list and countByKind', () => {
    const store = useStore(factory);

    async function seed(): Promise<void> {
      await withAccounts(store());
      // Created out of order; two share a timestamp so the id breaks the tie.
      const at = (minute: number): Date => new Date(Date.UTC(2025, 1, 1, 10, minute));
      await store().keys.create(newKey('key_c', { createdAt: at(3) }));
      await store().keys.create(newKey('key_a', { createdAt: at(1) }));
      await store().keys.create(newKey('key_b2', { createdAt: at(2) }));
      await store().keys.create(newKey('key_b1', { createdAt: at(2), kind: 'provisioning' }));
      await store().keys.create(newKey('key_d', { createdAt: at(4) }));
      await store().keys.create(newKey('key_other', { accountId: OTHER_ACCOUNT.id, createdAt: at(0) }));
      await setDisabled(store, 'key_b2');
    }

    it('lists the account keys oldest first, paginated, with the total', async () => {
      await seed();
      const ids = async (offset: number, limit: number, includeDisabled: boolean) => {
        const page = await store().keys.list(ACCOUNT.id, { offset, limit }, includeDisabled);
        return { ids: page.items.map((key) => key.id), total: page.total };
      };
      expect(await ids(0, 10, true)).toEqual({ ids: ['key_a', 'key_b1', 'key_b2', 'key_c', 'key_d'], total: 5 });
      expect(await ids(0, 2, true)).toEqual({ ids: ['key_a', 'key_b1'], total: 5 });
      expect(await ids(2, 2, true)).toEqual({ ids: ['key_b2', 'key_c'], total: 5 });
      expect(await ids(4, 2, true)).toEqual({ ids: ['key_d'], total: 5 });
      expect(await ids(9, 2, true)).toEqual({ ids: [], total: 5 });
      expect(await ids(0, 0, true)).toEqual({ ids: [], total: 5 });
    });

    it('leaves disabled keys out unless include_disabled', async () => {
      await seed();
      const without = await store().keys.list(ACCOUNT.id, { offset: 0, limit: 10 }, false);
      expect(without.items.map((key) => key.id)).toEqual(['key_a', 'key_b1', 'key_c', 'key_d']);
      expect(without.total).toBe(4);
      const page = await store().keys.list(ACCOUNT.id, { offset: 1, limit: 2 }, false);
      expect(page).toMatchObject({ total: 4, items: [{ id: 'key_b1' }, { id: 'key_c' }] });
      const withDisabled = await store().keys.list(ACCOUNT.id, { offset: 0, limit: 10 }, true);
      expect(withDisabled.items.find((key) => key.id === 'key_b2')?.disabled).toBe(true);
      expect((await store().keys.findById('key_b2'))?.disabled).toBe(true);
    });

    it('lists only keys of the given kind when asked', async () => {
      await seed();
      const provisioning = await store().keys.list(ACCOUNT.id, { offset: 0, limit: 10 }, true, 'provisioning');
      expect(provisioning).toMatchObject({ total: 1, items: [{ id: 'key_b1' }] });
      const inference = await store().keys.list(ACCOUNT.id, { offset: 1, limit: 10 }, false, 'inference');
      expect(inference.total).toBe(3);
      expect(inference.items.map((key) => key.id)).toEqual(['key_c', 'key_d']);
    });

    it('lists nothing for an account without keys and rejects a negative page', async () => {
      await seed();
      expect(await store().keys.list('acct_missing', { offset: 0, limit: 10 }, true)).toEqual({ items: [], total: 0 });
      await expect(store().keys.list(ACCOUNT.id, { offset: -1, limit: 10 }, true)).rejects.toThrow(RangeError);
      await expect(store().keys.list(ACCOUNT.id, { offset: 0, limit: 1.5 }, true)).rejects.toThrow(RangeError);
    });

    it('countByKind counts every key of the kind, disabled ones included', async () => {
      expect(await store().keys.countByKind('inference')).toBe(0);
      await seed();
      expect(await store().keys.countByKind('inference')).toBe(5);
      expect(await store().keys.countByKind('provisioning')).toBe(1);
    });
  });
}
