import { sql, SqliteAdapter } from 'kysely';
import type { Kysely, Migration } from 'kysely';

const SIGN_CHECK = sql`(kind in ('topup', 'refund') and amount_micro > 0) or (kind = 'charge' and (amount_micro < 0 or (amount_micro = 0 and key_usage_micro > 0))) or (kind = 'adjustment' and amount_micro <> 0)`;

/**
 * A charge of 0 that still counts toward its key's limit: a BYOK request inside the free monthly
 * allowance costs the account nothing, but its upstream cost counts toward the key's limit when
 * the key includes BYOK in it (and a limit added later recomputes its window from these entries).
 * The sign check now allows `amount_micro = 0` on a charge whose `key_usage_micro` is positive.
 * SQLite cannot alter a check constraint, so there the table is rebuilt (same columns and indexes).
 */
export const migration0009ByokKeyUsage: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
      await sql`alter table ledger_entries drop constraint ledger_entries_sign_check`.execute(db);
      await sql`alter table ledger_entries add constraint ledger_entries_sign_check check (${SIGN_CHECK})`.execute(db);
      return;
    }
    await db.schema
      .createTable('ledger_entries_rebuilt')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('amount_micro', 'bigint', (col) => col.notNull())
      .addColumn('idempotency_key', 'text', (col) => col.notNull())
      .addColumn('key_id', 'text')
      .addColumn('generation_id', 'text')
      .addColumn('key_usage_micro', 'bigint', (col) => col.notNull())
      .addColumn('occurred_at', 'bigint', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('note', 'text')
      .addUniqueConstraint('ledger_entries_idempotency_key', ['account_id', 'idempotency_key'])
      .addCheckConstraint('ledger_entries_kind_check', sql`kind in ('topup', 'charge', 'refund', 'adjustment')`)
      .addCheckConstraint('ledger_entries_sign_check', SIGN_CHECK)
      .execute();
    await sql`insert into ledger_entries_rebuilt select id, account_id, kind, amount_micro, idempotency_key, key_id, generation_id, key_usage_micro, occurred_at, created_at, note from ledger_entries`.execute(db);
    await db.schema.dropTable('ledger_entries').execute();
    await sql`alter table ledger_entries_rebuilt rename to ledger_entries`.execute(db);
    await db.schema.createIndex('ledger_entries_key_id_occurred_at_idx').on('ledger_entries').columns(['key_id', 'occurred_at']).execute();
    await db.schema.createIndex('ledger_entries_account_id_created_at_idx').on('ledger_entries').columns(['account_id', 'created_at']).execute();
  },
};
