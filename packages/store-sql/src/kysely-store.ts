import type { Kysely } from 'kysely';
import type { AccountRepository, DirectCharge, GenerationRecord, GenerationRepository, Repositories, Store } from '@switchyard/core';
import { activityRepository } from './activity-repository.js';
import { byokRepository } from './byok-repository.js';
import { guardrailRepository } from './guardrail-repository.js';
import { keyRepository } from './key-repository.js';
import { migrateToLatest } from './migrations/migrations.js';
import { chargeManyIn } from './ledger/direct-charges.js';
import { ledgerRepository } from './ledger/ledger-repository.js';
import { oauthCodeRepository } from './oauth-codes.js';
import { organizationRepository } from './organization-repository.js';
import { accountFromRow, accountToRow, generationFromRow, generationToRow } from './rows.js';
import type { Database } from './schema.js';

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
    recordGenerations: (records, charges, at) => recordGenerationsIn(db, records, charges, at),
    migrate: () => migrateToLatest(db as unknown as Kysely<unknown>, options.migrationTableSchema),
    close: () => db.destroy(),
  };
}

/** `Store.recordGenerations` on `db`: the records, and the charges in the same transaction when there are any. */
export async function recordGenerationsIn(
  db: Kysely<Database>,
  records: readonly GenerationRecord[],
  charges: readonly DirectCharge[],
  at: Date,
): Promise<void> {
  if (charges.length === 0) {
    await insertGenerations(db, records);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await insertGenerations(trx, records);
    await chargeManyIn(trx, charges, at);
  });
}

/** Repositories bound to `db`, which may be a Kysely instance or an open transaction. */
export function createRepositories(db: Kysely<Database>): Repositories {
  return { accounts: accountRepository(db), keys: keyRepository(db), generations: generationRepository(db), ledger: ledgerRepository(db), oauthCodes: oauthCodeRepository(db), guardrails: guardrailRepository(db), byok: byokRepository(db), organizations: organizationRepository(db), activity: activityRepository(db) };
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
