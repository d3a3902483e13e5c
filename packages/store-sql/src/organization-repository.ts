import type { Kysely, Selectable } from 'kysely';
import type { AccountKind, MemberRole, MembershipRecord, OrganizationRepository, PageRequest, UserRecord } from '@switchyard/core';
import { fromDbInteger, fromEpochMs, toEpochMs } from './codec.js';
import type { Database, DbInteger, DbCount } from './schema.js';

export interface UsersTable {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  created_at: DbInteger;
}

export interface MembershipsTable {
  account_id: string;
  user_id: string;
  /** 'admin' | 'member' (CHECK constraint). */
  role: string;
  created_at: DbInteger;
}

export type OrganizationTables = {
  users: UsersTable;
  memberships: MembershipsTable;
};

type Db = Kysely<Database & OrganizationTables>;

/** Users, account kinds and memberships over the shared Kysely instance (or a transaction); migration 0007. */
export function organizationRepository(base: Kysely<Database>): OrganizationRepository {
  const db: Db = base.withTables<OrganizationTables>();
  const getUser: OrganizationRepository['getUser'] = async (id) => {
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : userFromRow(row);
  };
  const membership: OrganizationRepository['membership'] = async (accountId, userId) => {
    const row = await db.selectFrom('memberships').selectAll().where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst();
    return row === undefined ? undefined : membershipFromRow(row);
  };
  return {
    async createUser(input) {
      const email = input.email.trim().toLowerCase();
      const result = await db
        .insertInto('users')
        .values({ id: input.id, email, first_name: input.firstName, last_name: input.lastName, created_at: toEpochMs(input.createdAt, 'user.createdAt') })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      return result === undefined ? undefined : userFromRow(result);
    },
    getUser,
    async accountKind(accountId) {
      const row = await db.selectFrom('accounts').select('kind').where('id', '=', accountId).executeTakeFirst();
      return row === undefined ? undefined : parseAccountKind(row.kind);
    },
    async setAccountKind(accountId, kind) {
      const result = await db.updateTable('accounts').set({ kind: parseAccountKind(kind) }).where('id', '=', accountId).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setMembership(input) {
      const role = parseRole(input.role);
      await db
        .insertInto('memberships')
        .values({ account_id: input.accountId, user_id: input.userId, role, created_at: toEpochMs(input.createdAt, 'membership.createdAt') })
        .onConflict((oc) => oc.columns(['account_id', 'user_id']).doUpdateSet({ role }))
        .execute();
      const stored = await membership(input.accountId, input.userId);
      if (stored === undefined) throw new Error(`membership of ${input.userId} in ${input.accountId} vanished right after it was written`);
      return stored;
    },
    async removeMembership(accountId, userId) {
      const result = await db.deleteFrom('memberships').where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    membership,
    listMembers: (accountId, page) => listMembers(db, accountId, page),
  };
}

async function listMembers(db: Db, accountId: string, page: PageRequest) {
  if (!Number.isSafeInteger(page.offset) || page.offset < 0 || !Number.isSafeInteger(page.limit) || page.limit < 0) {
    throw new RangeError('page offset and limit must be non-negative integers');
  }
  const query = db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').where('m.account_id', '=', accountId);
  const [rows, count] = await Promise.all([
    query
      .select(['u.id', 'u.email', 'u.first_name', 'u.last_name', 'u.created_at', 'm.role'])
      .orderBy('m.created_at')
      .orderBy('u.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<DbCount>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((row) => ({ user: userFromRow(row), role: parseRole(row.role) })), total: fromDbInteger(count.count, 'count') };
}

function userFromRow(row: Selectable<UsersTable>): UserRecord {
  return { id: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name, createdAt: fromEpochMs(row.created_at, 'users.created_at') };
}

function membershipFromRow(row: Selectable<MembershipsTable>): MembershipRecord {
  return { accountId: row.account_id, userId: row.user_id, role: parseRole(row.role), createdAt: fromEpochMs(row.created_at, 'memberships.created_at') };
}

function parseRole(value: string): MemberRole {
  if (value === 'admin' || value === 'member') return value;
  throw new RangeError(`memberships.role: unknown value ${JSON.stringify(value)}`);
}

function parseAccountKind(value: string): AccountKind {
  if (value === 'personal' || value === 'organization') return value;
  throw new RangeError(`accounts.kind: unknown value ${JSON.stringify(value)}`);
}
