import { Migrator } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { migration0001Init } from './0001-init.js';
import { migration0002Ledger } from './0002-ledger.js';
import { migration0003KeyManagement } from './0003-key-management.js';
import { migration0004Guardrails } from './0004-guardrails.js';
import { migration0005OAuth } from './0005-oauth.js';
import { migration0006Byok } from './0006-byok.js';
import { migration0007Organizations } from './0007-organizations.js';
import { migration0008GuardrailSpend } from './0008-guardrail-spend.js';
import { migration0009ByokKeyUsage } from './0009-byok-key-usage.js';

/** Every migration, in order. Names are sorted as strings by the Migrator: keep the 4-digit prefix. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-init': migration0001Init,
  '0002-ledger': migration0002Ledger,
  '0003-key-management': migration0003KeyManagement,
  '0004-guardrails': migration0004Guardrails,
  '0005-oauth': migration0005OAuth,
  '0006-byok': migration0006Byok,
  '0007-organizations': migration0007Organizations,
  '0008-guardrail-spend': migration0008GuardrailSpend,
  '0009-byok-key-usage': migration0009ByokKeyUsage,
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
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's migrator introspects every schema of the database by name (has_schema_privilege,
  // pg_get_serial_sequence): a schema dropped concurrently by another client fails that query with
  // 3F000 before any migration ran. The lookup is harmless to repeat.
  for (let retry = 0; retry < 3 && results === undefined && pgCode(error) === '3F000'; retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? '(setup)'} failed`, { cause: error });
  }
}

function pgCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
