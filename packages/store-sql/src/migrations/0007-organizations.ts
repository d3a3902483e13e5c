import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Users, organisations and memberships: an account is `personal` (every existing one) or an
 * `organization`; `memberships` gives users a role (`admin` | `member`) in an account; a key may
 * name the user who created it (`creator_user_id`). Activity reads generations by account and day
 * (`generations_account_id_created_at_idx`). Same DDL on SQLite and PostgreSQL.
 */
export const migration0007Organizations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('accounts').addColumn('kind', 'text', (col) => col.notNull().defaultTo('personal')).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('users_email_key', ['email'])
      .execute();

    await db.schema
      .createTable('memberships')
      .addColumn('account_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('memberships_pkey', ['account_id', 'user_id'])
      .addForeignKeyConstraint('memberships_account_id_fkey', ['account_id'], 'accounts', ['id'])
      .addForeignKeyConstraint('memberships_user_id_fkey', ['user_id'], 'users', ['id'])
      .addCheckConstraint('memberships_role_check', sql`role in ('admin', 'member')`)
      .execute();
    await db.schema.createIndex('memberships_user_id_idx').on('memberships').column('user_id').execute();

    await db.schema.alterTable('api_keys').addColumn('creator_user_id', 'text', (col) => col.references('users.id')).execute();
    await db.schema.createIndex('api_keys_account_id_creator_user_id_idx').on('api_keys').columns(['account_id', 'creator_user_id']).execute();
    await db.schema.createIndex('generations_account_id_created_at_idx').on('generations').columns(['account_id', 'created_at']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('generations_account_id_created_at_idx').execute();
    await db.schema.dropIndex('api_keys_account_id_creator_user_id_idx').execute();
    await db.schema.alterTable('api_keys').dropColumn('creator_user_id').execute();
    await db.schema.dropTable('memberships').execute();
    await db.schema.dropTable('users').execute();
    await db.schema.alterTable('accounts').dropColumn('kind').execute();
  },
};
