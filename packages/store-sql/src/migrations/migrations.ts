import { Migrator } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { migration0001Init } from './0001-init.js';

/** Every migration, in order. Names are sorted as strings by the Migrator: keep the 4-digit prefix. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-init': migration0001Init,
};

export const MIGRATION_TABLE = 'switchyard_migration';
export const MIGRATION_LOCK_TABLE = 'switchyard_migration_lock';

/**
 * Runs pending migrations; a no-op when the database is current. `migrationTableSchema` is needed
 * on PostgreSQL: without it Kysely looks for its bookkeeping table in every schema of the database.
 */
export async function migrateToLatest(db: Kysely<unknown>, migrationTableSchema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? '(setup)'} failed`, { cause: error });
  }
}
