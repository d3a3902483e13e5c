import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * OAuth PKCE authorization codes (`POST /auth/keys/code`, the `/auth` consent page, `POST /auth/keys`).
 * Only the SHA-256 of a code is stored. Same DDL on SQLite and PostgreSQL (see 0001-init).
 */
export const migration0005OAuth: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('oauth_codes')
      .addColumn('code_hash', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('approved_by_key_id', 'text', (col) => col.notNull())
      .addColumn('callback_url', 'text')
      .addColumn('code_challenge', 'text')
      .addColumn('code_challenge_method', 'text')
      .addColumn('limit_micro', 'bigint')
      .addColumn('limit_reset', 'text')
      .addColumn('key_label', 'text')
      .addColumn('key_expires_at', 'bigint')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .addColumn('consumed_at', 'bigint')
      .addForeignKeyConstraint('oauth_codes_account_id_fkey', ['account_id'], 'accounts', ['id'])
      .addCheckConstraint('oauth_codes_method_check', sql`code_challenge_method is null or code_challenge_method in ('S256', 'plain')`)
      .addCheckConstraint('oauth_codes_challenge_check', sql`(code_challenge is null) = (code_challenge_method is null)`)
      .addCheckConstraint('oauth_codes_limit_reset_check', sql`limit_reset is null or limit_reset in ('daily', 'weekly', 'monthly')`)
      .addCheckConstraint('oauth_codes_limit_micro_check', sql`limit_micro is null or limit_micro >= 0`)
      .execute();
    // deleteExpired: WHERE expires_at < ?
    await db.schema.createIndex('oauth_codes_expires_at_idx').on('oauth_codes').column('expires_at').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('oauth_codes').execute();
  },
};
