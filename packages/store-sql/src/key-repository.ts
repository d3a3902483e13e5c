import { sql } from 'kysely';
import type { Kysely, RawBuilder, Updateable } from 'kysely';
import type { KeyKind, KeyRepository, KeyUpdate, KeyUsage, PageRequest } from '@switchyard/core';
import { fromDbInteger, fromEpochMs, parseLimitReset, toDbBoolean, toDbNullableInteger, toEpochMs, toMicro } from './codec.js';
import { keyFromRow, newKeyToRow } from './rows.js';
import type { ApiKeysTable, Database, DbCount } from './schema.js';
import { usageWindows } from './usage-windows.js';


/** The KeyRepository over `db` (a Kysely instance or an open transaction). Deleted keys are soft-deleted rows. */
export function keyRepository(db: Kysely<Database>): KeyRepository {
  const live = () => db.selectFrom('api_keys').where('deleted_at', 'is', null);
  const findBy = async (column: 'id' | 'hash', value: string) => {
    const row = await live().selectAll().where(column, '=', value).executeTakeFirst();
    return row === undefined ? undefined : keyFromRow(row);
  };
  return {
    async create(input) {
      const row = await db.insertInto('api_keys').values(newKeyToRow(input)).returningAll().executeTakeFirstOrThrow();
      return keyFromRow(row);
    },
    findByHash: (hash) => findBy('hash', hash),
    findById: (id) => findBy('id', id),
    list: (accountId, page, includeDisabled, kind) => listKeys(db, accountId, page, includeDisabled, kind),
    async countByKind(kind) {
      // Disabled keys count too: a key the operator switched off still exists (a deleted one does not).
      const row = await live()
        .select((eb) => eb.fn.countAll<DbCount>().as('count'))
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow();
      return fromDbInteger(row.count, 'count');
    },
    async update(id, changes, now) {
      const row = await db
        .updateTable('api_keys')
        .set(updateToRow(changes, now))
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : keyFromRow(row);
    },
    async delete(id, now) {
      const at = toEpochMs(now, 'now');
      const result = await db
        .updateTable('api_keys')
        .set({ deleted_at: at, updated_at: at })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async changedSince(since) {
      const rows = await db
        .selectFrom('api_keys')
        .select(['hash', 'updated_at'])
        .where('updated_at', '>=', toEpochMs(since, 'since'))
        .orderBy('updated_at')
        .execute();
      return rows.map((row) => ({ hash: row.hash, updatedAt: fromEpochMs(row.updated_at ?? 0, 'api_keys.updated_at') }));
    },
    async hashTaken(hash) {
      const row = await db.selectFrom('api_keys').select('id').where('hash', '=', hash).executeTakeFirst();
      return row !== undefined;
    },
    usage: (keyId, now) => keyUsage(db, keyId, now),
  };
}

/** Validates before any SQL runs, so SQLite and PostgreSQL refuse the same updates. */
function updateToRow(changes: KeyUpdate, now: Date): Updateable<ApiKeysTable> {
  const row: Updateable<ApiKeysTable> = { updated_at: toEpochMs(now, 'now') };
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.limitMicro !== undefined) row.limit_micro = toDbNullableInteger(changes.limitMicro, 'key.limitMicro');
  if (changes.limitReset !== undefined) row.limit_reset = parseLimitReset(changes.limitReset);
  if (changes.includeByokInLimit !== undefined) row.include_byok_in_limit = toDbBoolean(changes.includeByokInLimit);
  if (changes.disabled !== undefined) row.disabled = toDbBoolean(changes.disabled);
  return row;
}

/** Oldest first (created_at, then id), so offset pages stay stable while keys are added. */
async function listKeys(db: Kysely<Database>, accountId: string, page: PageRequest, includeDisabled: boolean, kind?: KeyKind) {
  assertPage(page);
  let query = db.selectFrom('api_keys').where('account_id', '=', accountId).where('deleted_at', 'is', null);
  if (!includeDisabled) query = query.where('disabled', '=', 0);
  if (kind !== undefined) query = query.where('kind', '=', kind);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<DbCount>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(keyFromRow), total: fromDbInteger(count.count, 'count') };
}

function assertPage(page: PageRequest): void {
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`page.offset must be a non-negative integer`);
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError(`page.limit must be a non-negative integer`);
}

type DbSum = number | string | bigint;

/**
 * Non-BYOK rows: SUM(cost_micro), what was charged. BYOK rows: SUM(upstream_cost_micro), the
 * provider's cost of the requests served with the account's own keys (OpenRouter's `byok_usage`; the
 * fee charged for them is in the ledger). Optionally within [from, to).
 */
function costSum(byok: boolean, window?: readonly [number, number]): RawBuilder<DbSum> {
  const flag = byok ? sql`is_byok` : sql`not is_byok`;
  const range = window === undefined ? sql`` : sql` and created_at >= ${window[0]} and created_at < ${window[1]}`;
  const column = byok ? sql`upstream_cost_micro` : sql`cost_micro`;
  return sql<DbSum>`coalesce(sum(case when ${flag}${range} then ${column} else 0 end), 0)`;
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
