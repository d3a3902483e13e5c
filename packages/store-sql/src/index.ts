export { createSqliteStore } from './sqlite/create-sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/create-sqlite-store.js';
export { createPostgresStore } from './postgres/create-postgres-store.js';
export type { PostgresStoreOptions } from './postgres/create-postgres-store.js';
export { createKyselyStore, GENERATION_ROWS_PER_STATEMENT } from './kysely-store.js';
export type { KyselyStoreOptions, SqlStore } from './kysely-store.js';
export { MIGRATIONS, MIGRATION_TABLE, MIGRATION_LOCK_TABLE } from './migrations/migrations.js';
export type { Database } from './schema.js';
