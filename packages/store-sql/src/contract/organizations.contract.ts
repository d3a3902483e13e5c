import { describe, expect, it } from 'vitest';
import type { NewGuardrail, UserRecord } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, OTHER_ACCOUNT, generation, micro, newKey, useStore, withAccounts } from './fixtures.js';

const AT = new Date('2025-05-01T00:00:00.000Z');
const PAGE = { offset: 0, limit: 50 } as const;

function user(id: string, email = `${id}@example.com`): UserRecord {
  return { id, email, firstName: null, lastName: null, createdAt: AT };
}

function guardrail(id: string, overrides: Partial<NewGuardrail> = {}): NewGuardrail {
  return { id, accountId: ACCOUNT.id, name: `Guardrail ${id}`, createdAt: AT, ...overrides };
}

export function describeOrganizations(factory: StoreFactory): void {
  describe('organizations: users, account kinds and memberships', () => {
    const store = useStore(factory);

    it('creates users with unique, lower-cased emails', async () => {
      const created = await store().organizations.createUser({ ...user('user_1', ' Jane@Example.COM '), firstName: 'Jane', lastName: 'Doe' });
      expect(created).toEqual({ id: 'user_1', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe', createdAt: AT });
      expect(await store().organizations.getUser('user_1')).toEqual(created);
      expect(await store().organizations.createUser(user('user_2', 'JANE@example.com'))).toBeUndefined();
      expect(await store().organizations.getUser('user_2')).toBeUndefined();
    });

    it('accounts are personal until marked as organisations', async () => {
      await withAccounts(store());
      expect(await store().organizations.accountKind(ACCOUNT.id)).toBe('personal');
      expect(await store().organizations.setAccountKind(ACCOUNT.id, 'organization')).toBe(true);
      expect(await store().organizations.accountKind(ACCOUNT.id)).toBe('organization');
      expect(await store().organizations.accountKind(OTHER_ACCOUNT.id)).toBe('personal');
      expect(await store().organizations.accountKind('acct_missing')).toBeUndefined();
      expect(await store().organizations.setAccountKind('acct_missing', 'organization')).toBe(false);
    });

    it('sets, changes, lists and removes memberships per account', async () => {
      await withAccounts(store());
      const orgs = store().organizations;
      await orgs.createUser(user('user_a'));
      await orgs.createUser(user('user_b'));
      await orgs.setMembership({ accountId: ACCOUNT.id, userId: 'user_a', role: 'admin', createdAt: AT });
      await orgs.setMembership({ accountId: ACCOUNT.id, userId: 'user_b', role: 'admin', createdAt: new Date(AT.getTime() + 1) });
      const changed = await orgs.setMembership({ accountId: ACCOUNT.id, userId: 'user_b', role: 'member', createdAt: new Date(AT.getTime() + 5) });
      expect(changed).toEqual({ accountId: ACCOUNT.id, userId: 'user_b', role: 'member', createdAt: new Date(AT.getTime() + 1) });
      await orgs.setMembership({ accountId: OTHER_ACCOUNT.id, userId: 'user_b', role: 'admin', createdAt: AT });

      const members = await orgs.listMembers(ACCOUNT.id, PAGE);
      expect(members.total).toBe(2);
      expect(members.items.map((m) => [m.user.id, m.role])).toEqual([['user_a', 'admin'], ['user_b', 'member']]);
      expect((await orgs.listMembers(ACCOUNT.id, { offset: 1, limit: 1 })).items.map((m) => m.user.id)).toEqual(['user_b']);
      expect((await orgs.membership(OTHER_ACCOUNT.id, 'user_b'))?.role).toBe('admin');
      expect(await orgs.membership(OTHER_ACCOUNT.id, 'user_a')).toBeUndefined();

      expect(await orgs.removeMembership(ACCOUNT.id, 'user_b')).toBe(true);
      expect(await orgs.removeMembership(ACCOUNT.id, 'user_b')).toBe(false);
      expect((await orgs.listMembers(ACCOUNT.id, PAGE)).items.map((m) => m.user.id)).toEqual(['user_a']);
      expect((await orgs.membership(OTHER_ACCOUNT.id, 'user_b'))?.role).toBe('admin');
    });

    it('keys keep the user who created them; keys without one have no creatorUserId', async () => {
      await withAccounts(store());
      await store().organizations.createUser(user('user_a'));
      const mine = await store().keys.create(newKey('key_mine', { creatorUserId: 'user_a' }));
      const plain = await store().keys.create(newKey('key_plain'));
      expect(mine.creatorUserId).toBe('user_a');
      expect((await store().keys.findById('key_mine'))?.creatorUserId).toBe('user_a');
      expect('creatorUserId' in plain).toBe(false);
    });
  });

  describe('organizations: guardrail member assignments apply to the member\'s keys', () => {
    const store = useStore(factory);

    it('forKey, keyIds and spend include keys created by an assigned member of the same account', async () => {
      await withAccounts(store());
      const s = store();
      await s.organizations.createUser(user('user_m'));
      await s.keys.create(newKey('key_m', { creatorUserId: 'user_m' }));
      await s.keys.create(newKey('key_other'));
      await s.keys.create(newKey('key_m_elsewhere', { creatorUserId: 'user_m', accountId: OTHER_ACCOUNT.id }));
      await s.guardrails.create(guardrail('g_member', { limitMicro: micro(100) }));
      await s.guardrails.create(guardrail('g_key', { createdAt: new Date(AT.getTime() + 1) }));
      await s.guardrails.assignMembers(ACCOUNT.id, 'g_member', ['user_m'], { assignedBy: null, at: AT });
      await s.guardrails.assignKeys(ACCOUNT.id, 'g_key', ['hash_key_m'], { assignedBy: null, at: AT });
      await s.generations.insertMany([
        generation('gen_m', { keyId: 'key_m', costMicro: micro(30) }),
        generation('gen_other', { keyId: 'key_other', costMicro: micro(1000) }),
        generation('gen_elsewhere', { keyId: 'key_m_elsewhere', accountId: OTHER_ACCOUNT.id, costMicro: micro(5000) }),
      ]);

      expect((await s.guardrails.forKey('key_m')).map((g) => g.id)).toEqual(['g_member', 'g_key']);
      expect(await s.guardrails.forKey('key_other')).toEqual([]);
      expect(await s.guardrails.forKey('key_m_elsewhere')).toEqual([]);
    });
  });
}
