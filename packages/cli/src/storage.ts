import { existsSync } from 'node:fs';
import type { Store } from '@switchyard/core';
import { loadConfigDiscoveringProject, openStore, type GatewayConfig } from '@switchyard/server';
import { createPostgresStore, createSqliteStore, MIGRATIONS, MIGRATION_TABLE, type SqlStore } from '@switchyard/store-sql';
import { gatewayEnv, type StoreOptions } from './store-options.js';

/** The gateway's configuration exactly as `switchyard serve` would load it. */
export function loadCliConfig(options: StoreOptions): Promise<GatewayConfig> {
  return loadConfigDiscoveringProject({ env: gatewayEnv(options), cwd: process.cwd(), configPath: options.config, dataDir: options.dataDir });
}

export { describeStorage, hidePassword } from '@switchyard/server';

/** Opens the configured store with its schema brought up to date, runs `work`, and closes it. */
export async function withStore<T>(options: StoreOptions, work: (store: Store, config: GatewayConfig) => Promise<T>): Promise<T> {
  const config = await loadCliConfig(options);
  const store = await openStore(config);
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

/** The configured store as it is: no directory or file created, no migration run (doctor, migrate). */
export async function openExistingStore(config: GatewayConfig): Promise<SqlStore> {
  const { postgresUrl, sqlitePath } = config.server;
  return postgresUrl === undefined ? createSqliteStore({ path: sqlitePath }) : await createPostgresStore({ url: postgresUrl });
}

/** True when the SQLite file is there (PostgreSQL: always; its server is asked instead). */
export function databaseExists(config: GatewayConfig): boolean {
  return config.server.postgresUrl !== undefined || existsSync(config.server.sqlitePath);
}

export interface MigrationStatus {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
}

/** Which of the gateway's migrations the database has, read from the migrator's own bookkeeping table. */
export async function migrationStatus(store: SqlStore): Promise<MigrationStatus> {
  const all = Object.keys(MIGRATIONS).sort();
  const applied = await appliedMigrations(store);
  return { applied: all.filter((name) => applied.has(name)), pending: all.filter((name) => !applied.has(name)) };
}

/**
 * Names in the bookkeeping table (`switchyard_migration`, MIGRATION_TABLE); none when the table does
 * not exist yet (a database never migrated). Asked directly rather than by introspection: on
 * PostgreSQL, introspection lists every schema's tables, not only the one the store uses.
 */
async function appliedMigrations(store: SqlStore): Promise<ReadonlySet<string>> {
  try {
    const rows = await store.db.withTables<{ switchyard_migration: { name: string } }>().selectFrom('switchyard_migration').select('name').execute();
    return new Set(rows.map((row) => row.name));
  } catch (error) {
    if (isMissingTable(error)) return new Set();
    throw error;
  }
}

/** PostgreSQL's undefined_table (42P01) or SQLite's "no such table". */
function isMissingTable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('code' in error && error.code === '42P01') return true;
  return error instanceof Error && error.message.startsWith(`no such table: ${MIGRATION_TABLE}`);
}
