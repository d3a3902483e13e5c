import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Guardrails (`/guardrails`) and their assignments to keys and to organisation members. Lists are
 * JSON text (null: no restriction); `enforce_zdr` is a JSON array of model groups. A key holds at
 * most one guardrail (unique `key_id`); a member may hold several. Same DDL on SQLite and PostgreSQL.
 */
export const migration0004Guardrails: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('guardrails')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('limit_micro', 'bigint')
      .addColumn('reset_interval', 'text')
      .addColumn('include_byok_in_budgets', 'boolean', (col) => col.notNull())
      .addColumn('allowed_providers', 'text')
      .addColumn('ignored_providers', 'text')
      .addColumn('allowed_models', 'text')
      .addColumn('ignored_models', 'text')
      .addColumn('enforce_zdr', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint')
      .addForeignKeyConstraint('guardrails_account_id_fkey', ['account_id'], 'accounts', ['id'])
      .addCheckConstraint('guardrails_reset_interval_check', sql`reset_interval is null or reset_interval in ('daily', 'weekly', 'monthly')`)
      .addCheckConstraint('guardrails_limit_micro_check', sql`limit_micro is null or limit_micro >= 0`)
      .execute();
    await db.schema.createIndex('guardrails_account_id_created_at_idx').on('guardrails').columns(['account_id', 'created_at']).execute();

    await db.schema
      .createTable('guardrail_key_assignments')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('guardrail_id', 'text', (col) => col.notNull())
      .addColumn('key_id', 'text', (col) => col.notNull())
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('assigned_by', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('guardrail_key_assignments_key_id_key', ['key_id'])
      .addForeignKeyConstraint('guardrail_key_assignments_guardrail_id_fkey', ['guardrail_id'], 'guardrails', ['id'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('guardrail_key_assignments_key_id_fkey', ['key_id'], 'api_keys', ['id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await db.schema.createIndex('guardrail_key_assignments_guardrail_id_idx').on('guardrail_key_assignments').column('guardrail_id').execute();
    await db.schema
      .createIndex('guardrail_key_assignments_account_id_idx')
      .on('guardrail_key_assignments')
      .columns(['account_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('guardrail_member_assignments')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('guardrail_id', 'text', (col) => col.notNull())
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('assigned_by', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('guardrail_member_assignments_guardrail_user_key', ['guardrail_id', 'user_id'])
      .addForeignKeyConstraint('guardrail_member_assignments_guardrail_id_fkey', ['guardrail_id'], 'guardrails', ['id'], (fk) =>
        fk.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createIndex('guardrail_member_assignments_account_id_idx')
      .on('guardrail_member_assignments')
      .columns(['account_id', 'created_at'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('guardrail_member_assignments').execute();
    await db.schema.dropTable('guardrail_key_assignments').execute();
    await db.schema.dropTable('guardrails').execute();
  },
};
