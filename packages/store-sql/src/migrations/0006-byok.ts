import type { Kysely, Migration } from 'kysely';

/**
 * BYOK: accounts' own provider keys, sealed by the gateway (AES-256-GCM; the store holds only the
 * ciphertext and the sealing key's id), at most one per account and provider; and the monthly
 * count of BYOK requests per account (the free allowance of the BYOK fee). Same DDL on SQLite and
 * PostgreSQL (see 0001-init).
 */
export const migration0006Byok: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('byok_credentials')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('provider', 'text', (col) => col.notNull())
      .addColumn('name', 'text')
      .addColumn('label', 'text', (col) => col.notNull())
      .addColumn('disabled', 'boolean', (col) => col.notNull())
      .addColumn('ciphertext', 'text', (col) => col.notNull())
      .addColumn('key_id', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint')
      .addForeignKeyConstraint('byok_credentials_account_id_fkey', ['account_id'], 'accounts', ['id'])
      .addUniqueConstraint('byok_credentials_account_provider_key', ['account_id', 'provider'])
      .execute();
    await db.schema
      .createTable('byok_request_counts')
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('month_start', 'bigint', (col) => col.notNull())
      .addColumn('requests', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('byok_request_counts_pkey', ['account_id', 'month_start'])
      .addForeignKeyConstraint('byok_request_counts_account_id_fkey', ['account_id'], 'accounts', ['id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('byok_request_counts').execute();
    await db.schema.dropTable('byok_credentials').execute();
  },
};
