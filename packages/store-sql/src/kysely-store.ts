import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type {
  AccountRepository,
  GenerationRecord,
  GenerationRepository,
  KeyRepository,
  KeyUsage,
  PageRequest,
  Repositories,
  Store,
} from '@switchyard/core';
import { fromDbInteger, toMicro } from './codec.js';
import { migrateToLatest } from './migrations/migrations.js';
import { accountFromRow, accountToRow, generationFromRow, generationToRow, keyFromRow, newKeyToRow } from './rows.js';
import type { Database } from './schema.js';
import { usageWindows } from './usage-windows.js';

/**
 * Rows per INSERT statement in insertMany: 250 rows × 35 columns stays far below SQLite's
 * 32 766 and PostgreSQL's 65 535 bound parameters. Larger batches use several statements in the
 * same transaction.
 */
export const GENERATION_ROWS_PER_STATEMENT = 250;

export interface KyselyStoreOptions {
  /** Schema of the migration bookkeeping tables (PostgreSQL); undefined on SQLite. */
  readonly migrationTableSchema?: string | undefined;
}

/** The Store port plus the Kysely instance underneath (maintenance and tests; application code uses the port). */
export interface SqlStore extends Store {
  readonly db: Kysely<Database>;
}

/**
 * The Store over any Kysely instance whose dialect is SQLite or PostgreSQL.
 *
 * Inside `transaction(work)` use only the repositories passed to `work`: on SQLite the store has a
 * single connection, so calling the outer store from inside `work` would wait for the transaction
 * forever.
 */
export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions = {}): SqlStore {
  const repositories = createRepositories(db);
  return {
    ...repositories,
    db,
    transaction: (work) => db.transaction().execute((trx) => work(createRepositories(trx))),
    migrate: () => migrateToLatest(db as unknown as Kysely<unknown>, options.migrationTableSchema),
    close: () => db.destroy(),
  };
}

/** Repositories bound to `db`, which may be a Kysely instance or an open transaction. */
export function createRepositories(db: Kysely<Database>): Repositories {
  return { accounts: accountRepository(db), keys: keyRepository(db), generations: generationRepository(db) };
}

function accountRepository(db: Kysely<Database>): AccountRepository {
  const get: AccountRepository['get'] = async (id) => {
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : accountFromRow(row);
  };
  return {
    get,
    async ensure(input) {
      await db.insertInto('accounts').values(accountToRow(input)).onConflict((oc) => oc.column('id').doNothing()).execute();
      const stored = await get(input.id);
      if (stored === undefined) throw new Error(`account ${input.id} vanished right after ensure`);
      return stored;
    },
  };
}

function keyRepository(db: Kysely<Database>): KeyRepository {
  const findBy = async (column: 'id' | 'hash', value: string) => {
    const row = await db.selectFrom('api_keys').selectAll().where(column, '=', value).executeTakeFirst();
    return row === undefined ? undefined : keyFromRow(row);
  };
  return {
    async create(input) {
      const row = await db.insertInto('api_keys').values(newKeyToRow(input)).returningAll().executeTakeFirstOrThrow();
      return keyFromRow(row);
    },
    findByHash: (hash) => findBy('hash', hash),
    findById: (id) => findBy('id', id),
    list: (accountId, page, includeDisabled) => listKeys(db, accountId, page, includeDisabled),
    async countByKind(kind) {
      // Disabled keys count too: a key the operator switched off still exists.
      const row = await db
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow();
      return fromDbInteger(row.count, 'count');
    },
    usage: (keyId, now) => keyUsage(db, keyId, now),
  };
}

/** Oldest first (created_at, then id), so offset pages stay stable while keys are added. */
async function listKeys(db: Kysely<Database>, accountId: string, page: PageRequest, includeDisabled: boolean) {
  assertPage(page);
  let query = db.selectFrom('api_keys').where('account_id', '=', accountId);
  if (!includeDisabled) query = query.where('disabled', '=', 0);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string | bigint>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(keyFromRow), total: fromDbInteger(count.count, 'count') };
}

function assertPage(page: PageRequest): void {
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`page.offset must be a non-negative integer`);
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError(`page.limit must be a non-negative integer`);
}

type DbSum = number | string | bigint;

/** SUM(cost_micro) over BYOK or non-BYOK rows, optionally within [from, to). */
function costSum(byok: boolean, window?: readonly [number, number]): RawBuilder<DbSum> {
  const flag = byok ? sql`is_byok` : sql`not is_byok`;
  const range = window === undefined ? sql`` : sql` and created_at >= ${window[0]} and created_at < ${window[1]}`;
  return sql<DbSum>`coalesce(sum(case when ${flag}${range} then cost_micro else 0 end), 0)`;
}

async function keyUsage(db: Kysely<Database>, keyId: string, now: Date): Promise<KeyUsage> {
  const { day, week, month } = usageWindows(now);
  const row = await db
    .selectFrom('generations')
    .select([
      costSum(false).as('total'),
      costSum(false, day).as('daily'),
      costSum(false, week).as('weekly'),
      costSum(false, month).as('monthly'),
      costSum(true).as('byok_total'),
      costSum(true, day).as('byok_daily'),
      costSum(true, week).as('byok_weekly'),
      costSum(true, month).as('byok_monthly'),
    ])
    .where('key_id', '=', keyId)
    .executeTakeFirstOrThrow();
  return {
    total: toMicro(row.total, 'usage.total'),
    daily: toMicro(row.daily, 'usage.daily'),
    weekly: toMicro(row.weekly, 'usage.weekly'),
    monthly: toMicro(row.monthly, 'usage.monthly'),
    byokTotal: toMicro(row.byok_total, 'usage.byok_total'),
    byokDaily: toMicro(row.byok_daily, 'usage.byok_daily'),
    byokWeekly: toMicro(row.byok_weekly, 'usage.byok_weekly'),
    byokMonthly: toMicro(row.byok_monthly, 'usage.byok_monthly'),
  };
}

function generationRepository(db: Kysely<Database>): GenerationRepository {
  return {
    insertMany: (rows) => insertGenerations(db, rows),
    async get(id) {
      const row = await db.selectFrom('generations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : generationFromRow(row);
    },
  };
}

async function insertGenerations(db: Kysely<Database>, records: readonly GenerationRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map(generationToRow); // throws before any SQL on an invalid number or Date
  const write = async (trx: Kysely<Database>): Promise<void> => {
    for (let start = 0; start < rows.length; start += GENERATION_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + GENERATION_ROWS_PER_STATEMENT);
      await trx.insertInto('generations').values(chunk).onConflict((oc) => oc.column('id').doNothing()).execute();
    }
  };
  if (db.isTransaction || rows.length <= GENERATION_ROWS_PER_STATEMENT) {
    // One statement is atomic on its own; inside store.transaction the caller's transaction applies.
    await write(db);
    return;
  }
  await db.transaction().execute(write);
}
