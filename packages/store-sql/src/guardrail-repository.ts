import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  AssignmentMeta,
  GuardrailRepository,
  KeyAssignmentRecord,
  MemberAssignmentRecord,
  Page,
  PageRequest,
} from '@switchyard/core';
import { fromDbInteger, fromEpochMs, toEpochMs } from './codec.js';
import { guardrailFromRow, guardrailPatchToRow, newGuardrailToRow, type GuardrailTables } from './guardrail-rows.js';
import type { Database, DbCount } from './schema.js';

type Db = Kysely<Database & GuardrailTables>;

/** Guardrails over the shared Kysely instance (or an open transaction); tables from migration 0004. */
export function guardrailRepository(base: Kysely<Database>): GuardrailRepository {
  const db: Db = base.withTables<GuardrailTables>();
  const get: GuardrailRepository['get'] = async (accountId, id) => {
    const row = await db.selectFrom('guardrails').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return row === undefined ? undefined : guardrailFromRow(row);
  };
  return {
    async create(input) {
      const row = await db.insertInto('guardrails').values(newGuardrailToRow(input)).returningAll().executeTakeFirstOrThrow();
      return guardrailFromRow(row);
    },
    get,
    list: (accountId, page) => listGuardrails(db, accountId, page),
    async update(accountId, id, patch, now) {
      const row = await db
        .updateTable('guardrails')
        .set(guardrailPatchToRow(patch, now))
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : guardrailFromRow(row);
    },
    async delete(accountId, id) {
      if ((await get(accountId, id)) === undefined) return false;
      // Explicitly, not only by ON DELETE CASCADE: the result must not depend on SQLite's foreign_keys pragma.
      await db.deleteFrom('guardrail_key_assignments').where('guardrail_id', '=', id).execute();
      await db.deleteFrom('guardrail_member_assignments').where('guardrail_id', '=', id).execute();
      const result = await db.deleteFrom('guardrails').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    assignKeys: (accountId, guardrailId, hashes, meta) => assignKeys(db, accountId, guardrailId, hashes, meta),
    unassignKeys: (accountId, guardrailId, hashes) => unassignKeys(db, accountId, guardrailId, hashes),
    listKeyAssignments: (accountId, guardrailId, page) => listKeyAssignments(db, accountId, guardrailId, page),
    assignMembers: (accountId, guardrailId, userIds, meta) => assignMembers(db, accountId, guardrailId, userIds, meta),
    async unassignMembers(accountId, guardrailId, userIds) {
      if (userIds.length === 0) return 0;
      const result = await db
        .deleteFrom('guardrail_member_assignments')
        .where('account_id', '=', accountId)
        .where('guardrail_id', '=', guardrailId)
        .where('user_id', 'in', [...userIds])
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    listMemberAssignments: (accountId, guardrailId, page) => listMemberAssignments(db, accountId, guardrailId, page),
    async forKey(keyId) {
      const direct = db
        .selectFrom('guardrail_key_assignments as a')
        .innerJoin('guardrails as g', 'g.id', 'a.guardrail_id')
        .selectAll('g')
        .where('a.key_id', '=', keyId);
      // Member assignments apply to the keys that member created in the same account (migration 0007).
      const viaCreator = db
        .selectFrom('guardrail_member_assignments as m')
        .innerJoin('guardrails as g', 'g.id', 'm.guardrail_id')
        .innerJoin('api_keys as k', (join) => join.onRef('k.creator_user_id', '=', 'm.user_id').onRef('k.account_id', '=', 'm.account_id'))
        .selectAll('g')
        .where('k.id', '=', keyId);
      const rows = await direct.union(viaCreator).execute();
      return rows.map(guardrailFromRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    },
  };
}

function assertPage(page: PageRequest): void {
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError('page.offset must be a non-negative integer');
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new RangeError('page.limit must be a non-negative integer');
}

async function listGuardrails(db: Db, accountId: string, page: PageRequest) {
  assertPage(page);
  const query = db.selectFrom('guardrails').where('account_id', '=', accountId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<DbCount>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(guardrailFromRow), total: fromDbInteger(count.count, 'count') };
}

async function owns(db: Db, accountId: string, guardrailId: string): Promise<boolean> {
  const row = await db.selectFrom('guardrails').select('id').where('id', '=', guardrailId).where('account_id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}

/** The account's live keys with these hashes (another account's or a deleted key's hash is skipped). */
async function liveKeyIds(db: Db, accountId: string, hashes: readonly string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  const rows = await db
    .selectFrom('api_keys')
    .select('id')
    .where('account_id', '=', accountId)
    .where('hash', 'in', [...new Set(hashes)])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

async function assignKeys(db: Db, accountId: string, guardrailId: string, hashes: readonly string[], meta: AssignmentMeta): Promise<number> {
  const keyIds = await liveKeyIds(db, accountId, hashes);
  if (keyIds.length === 0 || !(await owns(db, accountId, guardrailId))) return 0;
  const at = toEpochMs(meta.at, 'assignment.at');
  const rows = keyIds.map((keyId) => ({
    id: randomUUID(),
    guardrail_id: guardrailId,
    key_id: keyId,
    account_id: accountId,
    assigned_by: meta.assignedBy,
    created_at: at,
  }));
  // A key holds at most one guardrail: assigning replaces the previous assignment.
  await db
    .insertInto('guardrail_key_assignments')
    .values(rows)
    .onConflict((oc) =>
      oc.column('key_id').doUpdateSet((eb) => ({
        id: eb.ref('excluded.id'),
        guardrail_id: eb.ref('excluded.guardrail_id'),
        assigned_by: eb.ref('excluded.assigned_by'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
  return keyIds.length;
}

async function unassignKeys(db: Db, accountId: string, guardrailId: string, hashes: readonly string[]): Promise<number> {
  const keyIds = await liveKeyIds(db, accountId, hashes);
  if (keyIds.length === 0) return 0;
  const result = await db
    .deleteFrom('guardrail_key_assignments')
    .where('guardrail_id', '=', guardrailId)
    .where('account_id', '=', accountId)
    .where('key_id', 'in', keyIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function listKeyAssignments(db: Db, accountId: string, guardrailId: string | undefined, page: PageRequest): Promise<Page<KeyAssignmentRecord>> {
  assertPage(page);
  let query = db
    .selectFrom('guardrail_key_assignments as a')
    .innerJoin('api_keys as k', 'k.id', 'a.key_id')
    .where('a.account_id', '=', accountId)
    .where('k.deleted_at', 'is', null);
  if (guardrailId !== undefined) query = query.where('a.guardrail_id', '=', guardrailId);
  const [rows, count] = await Promise.all([
    query
      .select(['a.id', 'a.guardrail_id', 'a.key_id', 'a.assigned_by', 'a.created_at', 'k.hash', 'k.name', 'k.label'])
      .orderBy('a.created_at')
      .orderBy('a.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<DbCount>().as('count')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((row) => ({
    id: row.id,
    guardrailId: row.guardrail_id,
    keyId: row.key_id,
    keyHash: row.hash,
    keyName: row.name,
    keyLabel: row.label,
    assignedBy: row.assigned_by,
    createdAt: fromEpochMs(row.created_at, 'guardrail_key_assignments.created_at'),
  }));
  return { items, total: fromDbInteger(count.count, 'count') };
}

async function assignMembers(db: Db, accountId: string, guardrailId: string, userIds: readonly string[], meta: AssignmentMeta): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0 || !(await owns(db, accountId, guardrailId))) return 0;
  const at = toEpochMs(meta.at, 'assignment.at');
  const rows = unique.map((userId) => ({
    id: randomUUID(),
    guardrail_id: guardrailId,
    account_id: accountId,
    user_id: userId,
    assigned_by: meta.assignedBy,
    created_at: at,
  }));
  await db
    .insertInto('guardrail_member_assignments')
    .values(rows)
    .onConflict((oc) => oc.columns(['guardrail_id', 'user_id']).doNothing())
    .execute();
  return unique.length;
}

async function listMemberAssignments(
  db: Db,
  accountId: string,
  guardrailId: string | undefined,
  page: PageRequest,
): Promise<Page<MemberAssignmentRecord>> {
  assertPage(page);
  let query = db.selectFrom('guardrail_member_assignments').where('account_id', '=', accountId);
  if (guardrailId !== undefined) query = query.where('guardrail_id', '=', guardrailId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<DbCount>().as('count')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((row) => ({
    id: row.id,
    guardrailId: row.guardrail_id,
    accountId: row.account_id,
    userId: row.user_id,
    assignedBy: row.assigned_by,
    createdAt: fromEpochMs(row.created_at, 'guardrail_member_assignments.created_at'),
  }));
  return { items, total: fromDbInteger(count.count, 'count') };
}
