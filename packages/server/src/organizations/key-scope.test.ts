import type { ApiKeyRecord, KeyRepository, MembershipRecord, OrganizationRepository } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { scopeCovers, scopeOf } from './key-scope.js';

const AT = new Date('2025-01-01T00:00:00.000Z');

function key(id: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id, hash: `h_${id}`, label: 'l', name: id, kind: 'inference', accountId: 'acct_a', limitMicro: null, limitReset: null,
    includeByokInLimit: false, disabled: false, createdAt: AT, updatedAt: null, expiresAt: null, ...overrides,
  };
}

const MEMBERSHIPS: readonly MembershipRecord[] = [
  { accountId: 'acct_a', userId: 'u_admin', role: 'admin', createdAt: AT },
  { accountId: 'acct_a', userId: 'u_member', role: 'member', createdAt: AT },
  { accountId: 'acct_b', userId: 'u_elsewhere', role: 'admin', createdAt: AT },
];
const organizations = {
  membership: (accountId: string, userId: string) => Promise.resolve(MEMBERSHIPS.find((m) => m.accountId === accountId && m.userId === userId)),
} as unknown as OrganizationRepository;

const KEYS = [key('k_member', { creatorUserId: 'u_member' }), key('k_member2', { creatorUserId: 'u_member' }), key('k_plain'), key('k_b', { accountId: 'acct_b', creatorUserId: 'u_member' })];
const keys = { findById: (id: string) => Promise.resolve(KEYS.find((k) => k.id === id)) } as unknown as KeyRepository;

describe('scopeOf', () => {
  it('management keys and admins\' keys see the account, members\' keys their own keys, others themselves', async () => {
    expect(await scopeOf(key('p', { kind: 'provisioning' }), organizations)).toEqual({ kind: 'account', accountId: 'acct_a' });
    expect(await scopeOf(key('k', { creatorUserId: 'u_admin' }), organizations)).toEqual({ kind: 'account', accountId: 'acct_a' });
    expect(await scopeOf(key('k', { creatorUserId: 'u_member' }), organizations)).toEqual({ kind: 'creator', accountId: 'acct_a', userId: 'u_member' });
    expect(await scopeOf(key('k'), organizations)).toEqual({ kind: 'key', accountId: 'acct_a', keyId: 'k' });
    // An admin of another account, or a user who left: the key alone.
    expect(await scopeOf(key('k', { creatorUserId: 'u_elsewhere' }), organizations)).toEqual({ kind: 'key', accountId: 'acct_a', keyId: 'k' });
  });
});

describe('scopeCovers', () => {
  const record = (keyId: string, accountId = 'acct_a') => ({ keyId, accountId }) as Parameters<typeof scopeCovers>[1];

  it('never covers another account, and a member only covers keys they created', async () => {
    const member = { kind: 'creator', accountId: 'acct_a', userId: 'u_member' } as const;
    expect(await scopeCovers(member, record('k_member2'), keys)).toBe(true);
    expect(await scopeCovers(member, record('k_plain'), keys)).toBe(false);
    expect(await scopeCovers(member, record('k_b', 'acct_b'), keys)).toBe(false);
    expect(await scopeCovers({ kind: 'account', accountId: 'acct_a' }, record('k_b', 'acct_b'), keys)).toBe(false);
    expect(await scopeCovers({ kind: 'account', accountId: 'acct_a' }, record('anything'), keys)).toBe(true);
    expect(await scopeCovers({ kind: 'key', accountId: 'acct_a', keyId: 'k_plain' }, record('k_member'), keys)).toBe(false);
  });
});
