import { sql } from 'kysely';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ByokCredentialRecord, ByokRepository, ByokUpdate, NewByokCredential } from '@switchyard/core';
import { fromDbBoolean, fromDbInteger, fromEpochMs, fromNullableEpochMs, toDbBoolean, toEpochMs } from './codec.js';
import type { Database, DbBoolean, DbInteger, DbNullableInteger, DbCount } from './schema.js';

/** `byok_credentials` (migration 0006-byok). */
export interface ByokCredentialsTable {
  id: string;
  account_id: string;
  provider: string;
  name: string | null;
  label: string;
  disabled: DbBoolean;
  /** base64 of IV ‖ tag ‖ ciphertext; never the key itself. */
  ciphertext: string;
  key_id: string;
  created_at: DbInteger;
  updated_at: DbNullableInteger;
}

/** `byok_request_counts` (migration 0006-byok): BYOK requests per account and UTC month. */
export interface ByokRequestCountsTable {
  account_id: string;
  month_start: DbInteger;
  requests: DbInteger;
}

// A type alias (not an interface): `withTables` needs an index-signature-compatible record.
export type ByokTables = {
  byok_credentials: ByokCredentialsTable;
  byok_request_counts: ByokRequestCountsTable;
};

type Db = Kysely<Database & ByokTables>;

/** BYOK credentials over the shared Kysely instance (or an open transaction). */
export function byokRepository(base: Kysely<Database>): ByokRepository {
  const db: Db = base.withTables<ByokTables>();
  const owned = (accountId: string) => db.selectFrom('byok_credentials').selectAll().where('account_id', '=', accountId);
  return {
    async create(input) {
      const row = await db.insertInto('byok_credentials').values(toRow(input)).returningAll().executeTakeFirstOrThrow();
      return fromRow(row);
    },
    async get(accountId, id) {
      const row = await owned(accountId).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    async findByProvider(accountId, provider) {
      const row = await owned(accountId).where('provider', '=', provider).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    async list(accountId, page, provider) {
      let rows = owned(accountId);
      let count = db.selectFrom('byok_credentials').select(sql<DbCount>`count(*)`.as('n')).where('account_id', '=', accountId);
      if (provider !== undefined) {
        rows = rows.where('provider', '=', provider);
        count = count.where('provider', '=', provider);
      }
      const [items, total] = await Promise.all([
        rows.orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute(),
        count.executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(fromRow), total: fromDbInteger(total.n, 'count') };
    },
    async listEnabled(accountId) {
      const rows = await owned(accountId).where('disabled', '=', toDbBoolean(false)).orderBy('created_at').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async update(accountId, id, changes, now) {
      const row = await db
        .updateTable('byok_credentials')
        .set(patchToRow(changes, now))
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    async delete(accountId, id) {
      const result = await db.deleteFrom('byok_credentials').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return fromDbInteger(result.numDeletedRows, 'numDeletedRows') > 0;
    },
    async countRequest(accountId, monthStart) {
      // One upsert: atomic under PostgreSQL's row lock and SQLite's single writer.
      const row = await db
        .insertInto('byok_request_counts')
        .values({ account_id: accountId, month_start: toEpochMs(monthStart, 'monthStart'), requests: 1 })
        .onConflict((conflict) =>
          conflict.columns(['account_id', 'month_start']).doUpdateSet({ requests: sql<number>`byok_request_counts.requests + 1` }),
        )
        .returning('requests')
        .executeTakeFirstOrThrow();
      return fromDbInteger(row.requests, 'byok_request_counts.requests');
    },
  };
}

function toRow(input: NewByokCredential): Insertable<ByokCredentialsTable> {
  return {
    id: input.id,
    account_id: input.accountId,
    provider: input.provider,
    name: input.name,
    label: input.label,
    disabled: toDbBoolean(input.disabled),
    ciphertext: input.secret.ciphertext,
    key_id: input.secret.keyId,
    created_at: toEpochMs(input.createdAt, 'createdAt'),
    updated_at: null,
  };
}

function patchToRow(changes: ByokUpdate, now: Date): Updateable<ByokCredentialsTable> {
  const row: Updateable<ByokCredentialsTable> = { updated_at: toEpochMs(now, 'updatedAt') };
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.disabled !== undefined) row.disabled = toDbBoolean(changes.disabled);
  if (changes.rotate !== undefined) {
    row.ciphertext = changes.rotate.secret.ciphertext;
    row.key_id = changes.rotate.secret.keyId;
    row.label = changes.rotate.label;
  }
  return row;
}

function fromRow(row: Selectable<ByokCredentialsTable>): ByokCredentialRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    provider: row.provider,
    name: row.name,
    label: row.label,
    disabled: fromDbBoolean(row.disabled),
    secret: { ciphertext: row.ciphertext, keyId: row.key_id },
    createdAt: fromEpochMs(row.created_at, 'byok_credentials.created_at'),
    updatedAt: fromNullableEpochMs(row.updated_at, 'byok_credentials.updated_at'),
  };
}
