import type { Kysely, Migration } from 'kysely';

/**
 * Key management: soft deletion (`deleted_at`; generation records keep naming the key and its hash
 * is never reused) and an index on `updated_at`, which key caches poll for changes made by other
 * processes.
 */
export const migration0003KeyManagement: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('api_keys').addColumn('deleted_at', 'bigint').execute();
    await db.schema.createIndex('api_keys_updated_at_idx').on('api_keys').column('updated_at').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('api_keys_updated_at_idx').execute();
    await db.schema.alterTable('api_keys').dropColumn('deleted_at').execute();
  },
};
