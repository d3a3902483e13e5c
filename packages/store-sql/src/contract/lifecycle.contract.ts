import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, MIGRATION_TABLE } from '../migrations/migrations.js';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, generation, newKey, useStore, withAccounts } from './fixtures.js';

export function describeTransactions(factory: StoreFactory): void {
  describe('transaction', () => {
    const store = useStore(factory);

    it('commits every write of work and returns its value', async () => {
      const result = await store().transaction(async (tx) => {
        await tx.accounts.ensure(ACCOUNT);
        const key = await tx.keys.create(newKey('key_1'));
        await tx.generations.insertMany([generation('gen_1', { keyId: key.id })]);
        // Reads inside the transaction see its own writes.
        expect(await tx.keys.findByHash('hash_key_1')).toEqual(key);
        return key.id;
      });
      expect(result).toBe('key_1');
      expect(await store().accounts.get(ACCOUNT.id)).toEqual(ACCOUNT);
      expect(await store().keys.findById('key_1')).toBeDefined();
      expect(await store().generations.get('gen_1')).toBeDefined();
    });

    it('rolls back every write when work throws, and rethrows the same error', async () => {
      const failure = new Error('work failed');
      const run = store().transaction(async (tx) => {
        await tx.accounts.ensure(ACCOUNT);
        await tx.keys.create(newKey('key_1'));
        await tx.generations.insertMany([generation('gen_1'), generation('gen_2')]);
        throw failure;
      });
      await expect(run).rejects.toBe(failure);
      expect(await store().accounts.get(ACCOUNT.id)).toBeUndefined();
      expect(await store().keys.findById('key_1')).toBeUndefined();
      expect(await store().generations.get('gen_1')).toBeUndefined();
    });

    it('rolls back earlier writes when a later statement fails in the database', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      const run = store().transaction(async (tx) => {
        await tx.keys.create(newKey('key_2'));
        await tx.keys.create(newKey('key_3', { hash: 'hash_key_1' })); // unique violation
      });
      await expect(run).rejects.toThrow();
      expect(await store().keys.findById('key_2')).toBeUndefined();
      expect(await store().keys.countByKind('inference')).toBe(1);
    });

    it('leaves the store usable after a rollback', async () => {
      await expect(store().transaction(() => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
      await store().accounts.ensure(ACCOUNT);
      expect(await store().accounts.get(ACCOUNT.id)).toEqual(ACCOUNT);
    });
  });
}

export function describeMigrations(factory: StoreFactory): void {
  describe('migrate', () => {
    const store = useStore(factory);

    it('is a no-op when run again, and keeps the data', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      await store().generations.insertMany([generation('gen_1')]);
      await store().migrate();
      await store().migrate();
      expect(await store().accounts.get(ACCOUNT.id)).toEqual(ACCOUNT);
      expect(await store().keys.findById('key_1')).toBeDefined();
      expect(await store().generations.get('gen_1')).toEqual(generation('gen_1'));
    });

    it('records each migration exactly once', async () => {
      await store().migrate();
      const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(store.db());
      expect(rows.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS));
    });
  });
}
