import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Credits ledger: immutable entries, one balance row per account (kept in the same transaction as
 * each entry), holds (reservations of in-flight requests) and one spend counter per limited key.
 * Generation records written before this migration are backfilled as charges, so balances and key
 * usage stay what they were.
 */
export const migration0002Ledger: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await createEntries(db);
    await db.schema
      .createTable('account_balances')
      .addColumn('account_id', 'text', (col) => col.primaryKey().references('accounts.id'))
      .addColumn('total_credits_micro', 'bigint', (col) => col.notNull())
      .addColumn('total_usage_micro', 'bigint', (col) => col.notNull())
      .addColumn('balance_micro', 'bigint', (col) => col.notNull())
      .addColumn('reserved_micro', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addCheckConstraint('account_balances_reserved_check', sql`reserved_micro >= 0`)
      .execute();
    await createHolds(db);
    await db.schema
      .createTable('key_spend')
      .addColumn('key_id', 'text', (col) => col.primaryKey())
      .addColumn('window_start', 'bigint', (col) => col.notNull())
      .addColumn('spent_micro', 'bigint', (col) => col.notNull())
      .addColumn('reserved_micro', 'bigint', (col) => col.notNull())
      .addCheckConstraint('key_spend_reserved_check', sql`reserved_micro >= 0`)
      .execute();
    await backfill(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('key_spend').execute();
    await db.schema.dropTable('credit_holds').execute();
    await db.schema.dropTable('account_balances').execute();
    await db.schema.dropTable('ledger_entries').execute();
  },
};

async function createEntries(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_entries')
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
    .addCheckConstraint(
      'ledger_entries_sign_check',
      sql`(kind in ('topup', 'refund') and amount_micro > 0) or (kind = 'charge' and amount_micro < 0) or (kind = 'adjustment' and amount_micro <> 0)`,
    )
    .execute();
  // Key spend windows (charges by key and time) and an account's statement (newest first).
  await db.schema.createIndex('ledger_entries_key_id_occurred_at_idx').on('ledger_entries').columns(['key_id', 'occurred_at']).execute();
  await db.schema.createIndex('ledger_entries_account_id_created_at_idx').on('ledger_entries').columns(['account_id', 'created_at']).execute();
}

async function createHolds(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credit_holds')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('generation_id', 'text', (col) => col.notNull())
    .addColumn('amount_micro', 'bigint', (col) => col.notNull())
    .addColumn('reserves_balance', 'boolean', (col) => col.notNull())
    .addColumn('reserves_key', 'boolean', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('settled_micro', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addCheckConstraint('credit_holds_status_check', sql`status in ('held', 'settled', 'released')`)
    .addCheckConstraint('credit_holds_amount_check', sql`amount_micro > 0`)
    .execute();
  await db.schema.createIndex('credit_holds_status_expires_at_idx').on('credit_holds').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('credit_holds_key_id_status_idx').on('credit_holds').columns(['key_id', 'status']).execute();
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into ledger_entries
      (id, account_id, kind, amount_micro, idempotency_key, key_id, generation_id, key_usage_micro, occurred_at, created_at, note)
    select 'led_' || id, account_id, 'charge', -cost_micro, id, key_id, id, cost_micro, created_at, created_at,
           'backfilled from the generation record'
    from generations
    where cost_micro > 0 and not is_byok and account_id in (select id from accounts)`.execute(db);
  await sql`
    insert into account_balances (account_id, total_credits_micro, total_usage_micro, balance_micro, reserved_micro, updated_at)
    select account_id, 0, -sum(amount_micro), sum(amount_micro), 0, max(created_at)
    from ledger_entries group by account_id`.execute(db);
}
