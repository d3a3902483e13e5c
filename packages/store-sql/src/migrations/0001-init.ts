import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Accounts, API keys and generation records. The same DDL runs on SQLite and PostgreSQL:
 * `bigint` has INTEGER affinity in SQLite, and SQLite stores our 0/1 booleans as integers.
 */
export const migration0001Init: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('hash', 'text', (col) => col.notNull())
      .addColumn('label', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('limit_micro', 'bigint')
      .addColumn('limit_reset', 'text')
      .addColumn('include_byok_in_limit', 'boolean', (col) => col.notNull())
      .addColumn('disabled', 'boolean', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint')
      .addColumn('expires_at', 'bigint')
      .addUniqueConstraint('api_keys_hash_key', ['hash'])
      .addForeignKeyConstraint('api_keys_account_id_fkey', ['account_id'], 'accounts', ['id'])
      .addCheckConstraint('api_keys_kind_check', sql`kind in ('inference', 'provisioning')`)
      .addCheckConstraint('api_keys_limit_reset_check', sql`limit_reset is null or limit_reset in ('daily', 'weekly', 'monthly')`)
      .addCheckConstraint('api_keys_limit_micro_check', sql`limit_micro is null or limit_micro >= 0`)
      .execute();
    await db.schema.createIndex('api_keys_account_id_created_at_idx').on('api_keys').columns(['account_id', 'created_at']).execute();
    await db.schema.createIndex('api_keys_kind_idx').on('api_keys').column('kind').execute();

    await createGenerations(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('generations').execute();
    await db.schema.dropTable('api_keys').execute();
    await db.schema.dropTable('accounts').execute();
  },
};

async function createGenerations(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('generations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('upstream_id', 'text')
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('provider_name', 'text')
    .addColumn('upstream_model', 'text')
    .addColumn('streamed', 'boolean', (col) => col.notNull())
    .addColumn('cancelled', 'boolean', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('finish_reason', 'text')
    .addColumn('native_finish_reason', 'text')
    .addColumn('tokens_prompt', 'integer', (col) => col.notNull())
    .addColumn('tokens_completion', 'integer', (col) => col.notNull())
    .addColumn('native_tokens_prompt', 'integer', (col) => col.notNull())
    .addColumn('native_tokens_completion', 'integer', (col) => col.notNull())
    .addColumn('native_tokens_reasoning', 'integer', (col) => col.notNull())
    .addColumn('native_tokens_cached', 'integer', (col) => col.notNull())
    .addColumn('native_tokens_cache_write', 'integer', (col) => col.notNull())
    .addColumn('num_media_prompt', 'integer', (col) => col.notNull())
    .addColumn('cost_micro', 'bigint', (col) => col.notNull())
    .addColumn('upstream_cost_micro', 'bigint', (col) => col.notNull())
    .addColumn('is_byok', 'boolean', (col) => col.notNull())
    .addColumn('latency_ms', 'integer')
    .addColumn('generation_time_ms', 'integer')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('app_title', 'text')
    .addColumn('http_referer', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('external_user', 'text')
    .addColumn('session_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('attempts', 'text', (col) => col.notNull())
    .addCheckConstraint('generations_status_check', sql`status in ('success', 'error', 'cancelled')`)
    .execute();
  // Key usage sums: WHERE key_id = ? with created_at windows.
  await db.schema.createIndex('generations_key_id_created_at_idx').on('generations').columns(['key_id', 'created_at']).execute();
}
