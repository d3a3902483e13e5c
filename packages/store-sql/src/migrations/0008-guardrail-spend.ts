import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Guardrail budgets through the ledger: one spend counter per guardrail (its current UTC window's
 * spend and the open holds reserved against it, like `key_spend`) and, per hold, the guardrails it
 * reserved against (so settle, release and expiry update exactly those counters). A counter starts
 * empty: spend counts from the moment a key is assigned, not the key's earlier history. No foreign
 * key to `guardrails`: a request admitted just before its guardrail was deleted must still reserve
 * and settle; the counter of a deleted guardrail is never read again (ids are not reused).
 */
export const migration0008GuardrailSpend: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('guardrail_spend')
      .addColumn('guardrail_id', 'text', (col) => col.primaryKey())
      .addColumn('window_start', 'bigint', (col) => col.notNull())
      .addColumn('spent_micro', 'bigint', (col) => col.notNull())
      .addColumn('reserved_micro', 'bigint', (col) => col.notNull())
      .addCheckConstraint('guardrail_spend_reserved_check', sql`reserved_micro >= 0`)
      .execute();
    await db.schema
      .createTable('credit_hold_guardrails')
      .addColumn('hold_id', 'text', (col) => col.notNull())
      .addColumn('guardrail_id', 'text', (col) => col.notNull())
      .addColumn('include_byok', 'boolean', (col) => col.notNull())
      .addPrimaryKeyConstraint('credit_hold_guardrails_pkey', ['hold_id', 'guardrail_id'])
      .addForeignKeyConstraint('credit_hold_guardrails_hold_id_fkey', ['hold_id'], 'credit_holds', ['id'], (fk) => fk.onDelete('cascade'))
      .execute();
    // Whether a hold has links: settle and release of the (usual) hold without guardrails skip the lookup.
    await db.schema
      .alterTable('credit_holds')
      .addColumn('reserves_guardrails', 'boolean', (col) => col.notNull().defaultTo(sql`false`))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('credit_holds').dropColumn('reserves_guardrails').execute();
    await db.schema.dropTable('credit_hold_guardrails').execute();
    await db.schema.dropTable('guardrail_spend').execute();
  },
};
