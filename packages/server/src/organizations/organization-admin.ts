import { randomUUID } from 'node:crypto';
import { GatewayError, type MemberRole, type MembershipRecord, type Repositories, type UserRecord } from '@switchyard/core';
import { generateSecret, hashSecret, maskSecret, newKeyId } from '../keys/api-key-secret.js';
import type { NewUserRequest } from './admin-requests.js';

/** Runs work in one store transaction (`Store.transaction`). */
export type InTransaction = <T>(work: (tx: Repositories) => Promise<T>) => Promise<T>;

export interface CreatedOrganization {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  /** The organisation's first management key; shown once. */
  readonly managementKey: string;
}

const compactId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '')}`;

/** The operator creates a user; 400 when the email is taken. */
export async function createUser(tx: InTransaction, request: NewUserRequest, now: Date): Promise<UserRecord> {
  const user = await tx((repos) => repos.organizations.createUser({ id: compactId('user'), ...request, createdAt: now }));
  if (user === undefined) throw new GatewayError('invalid_request', 'email: A user with this email exists', { metadata: { field: 'email' } });
  return user;
}

/** An organisation account and its first management key, in one transaction. */
export async function createOrganization(tx: InTransaction, name: string, now: Date): Promise<CreatedOrganization> {
  const secret = generateSecret();
  const account = await tx(async (repos) => {
    const created = await repos.accounts.ensure({ id: compactId('acct'), name, createdAt: now });
    await repos.organizations.setAccountKind(created.id, 'organization');
    const key = { id: newKeyId(), hash: hashSecret(secret), label: maskSecret(secret), name: `${name} management key`, accountId: created.id };
    await repos.keys.create({ ...key, kind: 'provisioning', createdAt: now });
    return created;
  });
  return { id: account.id, name: account.name, createdAt: account.createdAt, managementKey: secret };
}

/** Adds a user to an account with a role, or changes their role; 404 for an unknown account or user. */
export async function setMember(tx: InTransaction, accountId: string, userId: string, role: MemberRole, now: Date): Promise<MembershipRecord> {
  return tx(async (repos) => {
    if ((await repos.organizations.accountKind(accountId)) === undefined) throw new GatewayError('not_found', `Account ${accountId} not found`);
    if ((await repos.organizations.getUser(userId)) === undefined) throw new GatewayError('not_found', `User ${userId} not found`);
    return repos.organizations.setMembership({ accountId, userId, role, createdAt: now });
  });
}

/** Removes a membership (the user's keys stay, scoped to themselves: `key-scope.ts`); 404 when there was none. */
export async function removeMember(tx: InTransaction, accountId: string, userId: string): Promise<void> {
  const removed = await tx((repos) => repos.organizations.removeMembership(accountId, userId));
  if (!removed) throw new GatewayError('not_found', 'Membership not found');
}
