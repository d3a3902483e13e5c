import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../sqlite/create-sqlite-store.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, MIGRATIONS } from './migrations.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-0009-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const through0008 = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name <= '0008'));

describe('migration 0009 (SQLite rebuilds ledger_entries)', () => {
  it('keeps every entry and index, allows a 0 charge that counts toward its key, and still refuses other zero amounts', async () => {
    const store = createSqliteStore({ path: join(root, 'upgrade.db'), recordInWorker: false });
    const db = store.db as unknown as Kysely<unknown>;
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(through0008) }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const at = new Date('2025-04-02T10:00:00.000Z');
      await store.accounts.ensure({ id: 'acct_1', name: 'one', createdAt: at });
      await store.ledger.post({ accountId: 'acct_1', kind: 'topup', amountMicro: 1_000 as never, idempotencyKey: 'top-1', at });
      await store.ledger.chargeMany([{ generationId: 'gen-1', accountId: 'acct_1', keyId: 'key_1', amountMicro: 30 as never, at }], at);
      const before = await sql`select * from ledger_entries order by id`.execute(store.db);

      await store.migrate();
      expect((await sql`select * from ledger_entries order by id`.execute(store.db)).rows).toEqual(before.rows);
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'ledger_entries' and name not like 'sqlite_autoindex%' order by name`.execute(store.db);
      expect(indexes.rows.map((row) => row.name)).toEqual(['ledger_entries_account_id_created_at_idx', 'ledger_entries_key_id_occurred_at_idx']);
      await store.ledger.chargeMany([{ generationId: 'gen-2', accountId: 'acct_1', keyId: 'key_1', amountMicro: 0 as never, keyUsageMicro: 25 as never, at }], at);
      expect(await store.ledger.balance('acct_1')).toMatchObject({ totalCreditsMicro: 1_000, totalUsageMicro: 30 });
      expect((await store.ledger.keySpend('key_1', at)).daily).toBe(55);
      // The check constraint itself still refuses a 0 charge that counts for nothing, and a 0 top-up.
      await expect(sql`insert into ledger_entries values ('led_x', 'acct_1', 'charge', 0, 'gen-3', 'key_1', 'gen-3', 0, 1, 1, null)`.execute(store.db)).rejects.toThrow(/CHECK/);
      await expect(sql`insert into ledger_entries values ('led_y', 'acct_1', 'topup', 0, 'top-2', null, null, 0, 1, 1, null)`.execute(store.db)).rejects.toThrow(/CHECK/);
      await expect(sql`insert into ledger_entries values ('led_z', 'acct_unknown', 'topup', 5, 'top-3', null, null, 0, 1, 1, null)`.execute(store.db)).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });
});
