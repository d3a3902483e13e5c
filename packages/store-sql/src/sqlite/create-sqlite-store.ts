import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDialectConfig } from 'kysely';
import { createKyselyStore } from '../kysely-store.js';
import { createFastGenerationInsert } from './fast-generation-insert.js';
import { createFastRecord } from './fast-record.js';
import { RecordWorkerClient, recordWorkerAvailable } from './record-worker-client.js';
import type { SqlStore } from '../kysely-store.js';
import type { Database } from '../schema.js';

export interface SqliteStoreOptions {
  /** Database file (its directory is created if missing), or ':memory:'. */
  readonly path: string;
  /** How long a writer waits for another process's lock before SQLITE_BUSY. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Store the write-behind batches on a worker thread (database files only). Default true. */
  readonly recordInWorker?: boolean;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite store on better-sqlite3: WAL journal, synchronous=NORMAL (durable across process crashes;
 * the last commits may be lost on power failure), foreign keys enforced. On a database file,
 * `recordGenerations` (the write-behind batches) runs on a worker thread with its own connection
 * (see RecordWorkerClient); everything else runs on this thread's connection.
 */
export function createSqliteStore(options: SqliteStoreOptions): SqlStore {
  const store = openSqliteInProcess(options);
  const inMemory = options.path === ':memory:' || options.path === '';
  if (inMemory || options.recordInWorker === false || !recordWorkerAvailable()) return store;
  const worker = new RecordWorkerClient({ path: options.path, busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  return {
    ...store,
    recordGenerations: (records, charges, at) => worker.record(records, charges, at),
    close: async () => {
      try {
        await worker.close();
      } finally {
        await store.close();
      }
    },
  };
}

/** The SQLite store with every query on this thread's one connection (the record worker uses this). */
export function openSqliteInProcess(options: SqliteStoreOptions): SqlStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new RangeError('busyTimeoutMs must be a non-negative integer');
  const inMemory = options.path === ':memory:' || options.path === '';
  if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
  const database = new BetterSqlite3(options.path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${String(busyTimeoutMs)}`);
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  const store = createKyselyStore(db);
  const fastInsert = createFastGenerationInsert(database);
  const fastRecord = createFastRecord(database);
  const transaction: SqlStore['transaction'] = (work) => store.transaction((tx) => work({ ...tx, generations: { ...tx.generations, insertMany: fastInsert } }));
  return {
    ...store,
    // Outside a transaction the fast insert takes Kysely's one connection first, so it never runs in
    // the middle of another caller's open transaction (and is never rolled back with it).
    generations: { ...store.generations, insertMany: (rows) => db.connection().execute(() => fastInsert(rows)) },
    // Inside one the caller holds the connection: the fast insert joins it (better-sqlite3 uses a savepoint).
    transaction,
    // Kysely's one connection is taken first, as for the fast insert above.
    recordGenerations: (records, charges, at) => db.connection().execute(() => fastRecord(records, charges, at)),
  };
}

/**
 * Transactions start with BEGIN IMMEDIATE: they take the write lock up front, so a second process
 * on the same file (e.g. the CLI) waits `busy_timeout` instead of failing with SQLITE_BUSY when a
 * read transaction tries to turn into a write.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
