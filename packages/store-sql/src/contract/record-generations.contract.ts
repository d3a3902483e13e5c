import { describe, expect, it } from 'vitest';
import type { DirectCharge } from '@switchyard/core';
import { ACCOUNT, generation, micro, OTHER_ACCOUNT, useStore, withAccounts } from './fixtures.js';
import type { StoreFactory } from './fixtures.js';
import { expectConsistent } from './ledger.contract.js';

const AT = new Date('2025-04-02T10:00:00.000Z');
const LATER = new Date('2025-04-02T10:00:01.000Z');

function charge(generationId: string, amount: number, accountId: string = ACCOUNT.id): DirectCharge {
  return { generationId, accountId, keyId: accountId === ACCOUNT.id ? 'key_1' : 'key_2', amountMicro: micro(amount), at: AT };
}

/** `Store.recordGenerations`: the write-behind batch (on SQLite files, a worker thread's connection). */
export function describeRecordGenerations(factory: StoreFactory): void {
  describe('recordGenerations', () => {
    const store = useStore(factory);

    it('stores the records and their charges; reads on the store see both once it resolves', async () => {
      const s = await withAccounts(store());
      const records = [generation('gen_r1', { costMicro: micro(120) }), generation('gen_r2'), generation('gen_r3', { accountId: OTHER_ACCOUNT.id, keyId: 'key_2' })];
      await s.recordGenerations(records, [charge('gen_r1', 120), charge('gen_r3', 5, OTHER_ACCOUNT.id)], LATER);
      expect(await s.generations.get('gen_r1')).toEqual(records[0]);
      expect(await s.generations.get('gen_r2')).toEqual(records[1]);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 120, balanceMicro: -120 });
      expect(await s.ledger.balance(OTHER_ACCOUNT.id)).toMatchObject({ totalUsageMicro: 5 });
      expect((await s.ledger.keySpend('key_1', AT)).daily).toBe(120);
      await expectConsistent(store.db());
    });

    it('stores records alone when nothing is charged; a batch written again changes nothing twice', async () => {
      const s = await withAccounts(store());
      await s.recordGenerations([generation('gen_a')], [], LATER);
      expect(await s.generations.get('gen_a')).toBeDefined();
      const records = [generation('gen_b', { costMicro: micro(40) }), generation('gen_c', { costMicro: micro(2) })];
      const charges = [charge('gen_b', 40), charge('gen_c', 2)];
      await s.recordGenerations(records, charges, LATER);
      await s.recordGenerations(records, charges, LATER);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 42 });
      await expectConsistent(store.db());
    });

    it('is all or nothing: a charge the store refuses leaves neither records nor charges, and the error reaches the caller', async () => {
      const s = await withAccounts(store());
      const refused = { ...charge('gen_y', 9), accountId: 'acct_missing', keyId: 'key_9' };
      await expect(s.recordGenerations([generation('gen_x'), generation('gen_y')], [charge('gen_x', 3), refused], LATER)).rejects.toThrow(Error);
      expect(await s.generations.get('gen_x')).toBeUndefined();
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 0 });
      // The store still works after a failed batch.
      await s.recordGenerations([generation('gen_x')], [charge('gen_x', 3)], LATER);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 3 });
    });

    it('keeps every batch of concurrent callers', async () => {
      const s = await withAccounts(store());
      const ids = Array.from({ length: 20 }, (_, i) => `gen_c${String(i).padStart(2, '0')}`);
      await Promise.all(ids.map((id) => s.recordGenerations([generation(id)], [charge(id, 1)], LATER)));
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 20 });
      for (const id of ids) expect(await s.generations.get(id)).toBeDefined();
      await expectConsistent(store.db());
    });
  });
}
