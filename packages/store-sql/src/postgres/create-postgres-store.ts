import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createKyselyStore } from '../kysely-store.js';
import type { SqlStore } from '../kysely-store.js';
import type { Database } from '../schema.js';

export interface PostgresStoreOptions {
  /** Connection string, e.g. postgres://user:pass@host:5432/switchyard. */
  readonly url: string;
  /** Schema for Switchyard's tables (becomes the search_path; created if missing). Default: the server's default schema. */
  readonly schema?: string;
  /** Pool size. Default 10. */
  readonly maxConnections?: number;
  /** Errors of idle pooled connections (e.g. the server restarted); the pool replaces them. Default: a process warning. */
  readonly onIdleConnectionError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** PostgreSQL store over a pg Pool. Resolves once the server answered and the schema exists. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<SqlStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError(`postgres schema "${schema}" must match ${SCHEMA_NAME.source}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', options.onIdleConnectionError ?? defaultIdleError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await createSchemaIfMissing(db, schema);
    const migrationTableSchema = schema ?? (await currentSchema(db));
    return createKyselyStore(db, { migrationTableSchema });
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

function defaultIdleError(error: Error): void {
  process.emitWarning(`idle PostgreSQL connection failed: ${error.message}`, 'SwitchyardStoreWarning');
}

async function createSchemaIfMissing(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two processes racing on CREATE SCHEMA IF NOT EXISTS: one may fail with a unique violation.
    const found = await sql<{ n: string }>`select nspname as n from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) throw error;
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = result.rows[0]?.schema ?? null;
  if (schema === null) throw new Error('PostgreSQL search_path names no existing schema; pass `schema` to createPostgresStore');
  return schema;
}
