import { describe, expect, it } from 'vitest';
import type { NewGuardrail } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, OTHER_ACCOUNT, micro, newKey, useStore, withAccounts } from './fixtures.js';

const AT = new Date('2025-04-02T10:00:00.000Z');
const META = { assignedBy: 'user_admin', at: AT } as const;
const PAGE = { offset: 0, limit: 50 } as const;

function newGuardrail(id: string, overrides: Partial<NewGuardrail> = {}): NewGuardrail {
  return { id, accountId: ACCOUNT.id, name: `Guardrail ${id}`, createdAt: new Date('2025-04-01T00:00:00.000Z'), ...overrides };
}

export function describeGuardrails(factory: StoreFactory): void {
  describe('guardrails: create, get, list, update, delete', () => {
    const store = useStore(factory);

    it('create applies defaults and get returns the same record', async () => {
      await withAccounts(store());
      const created = await store().guardrails.create(newGuardrail('g1'));
      expect(created).toEqual({
        id: 'g1',
        accountId: ACCOUNT.id,
        name: 'Guardrail g1',
        description: null,
        limitMicro: null,
        resetInterval: null,
        includeByokInBudgets: false,
        allowedProviders: null,
        ignoredProviders: null,
        allowedModels: null,
        ignoredModels: null,
        enforceZdr: [],
        createdAt: new Date('2025-04-01T00:00:00.000Z'),
        updatedAt: null,
      });
      expect(await store().guardrails.get(ACCOUNT.id, 'g1')).toEqual(created);
    });

    it('round-trips every field, including lists with unicode and a large limit', async () => {
      await withAccounts(store());
      const input = newGuardrail('g2', {
        description: 'prod "only" ✓',
        limitMicro: micro(9_007_199_254_740_991),
        resetInterval: 'weekly',
        includeByokInBudgets: true,
        allowedProviders: ['openai', 'Google AI Studio'],
        ignoredProviders: ['azure'],
        allowedModels: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5'],
        ignoredModels: ['openai/gpt-4o'],
        enforceZdr: ['anthropic', 'other'],
      });
      const created = await store().guardrails.create(input);
      expect(created).toMatchObject({ ...input, updatedAt: null });
      expect(await store().guardrails.get(ACCOUNT.id, 'g2')).toEqual(created);
    });

    it('another account sees nothing: get, update and delete behave as for an unknown id', async () => {
      await withAccounts(store());
      await store().guardrails.create(newGuardrail('g1'));
      expect(await store().guardrails.get(OTHER_ACCOUNT.id, 'g1')).toBeUndefined();
      expect(await store().guardrails.update(OTHER_ACCOUNT.id, 'g1', { name: 'x' }, AT)).toBeUndefined();
      expect(await store().guardrails.delete(OTHER_ACCOUNT.id, 'g1')).toBe(false);
      expect((await store().guardrails.list(OTHER_ACCOUNT.id, PAGE)).total).toBe(0);
      expect((await store().guardrails.get(ACCOUNT.id, 'g1'))?.name).toBe('Guardrail g1');
    });

    it('list pages oldest first with the total', async () => {
      await withAccounts(store());
      for (const [i, id] of ['g3', 'g1', 'g2'].entries()) {
        await store().guardrails.create(newGuardrail(id, { createdAt: new Date(Date.UTC(2025, 0, 1 + i)) }));
      }
      await store().guardrails.create(newGuardrail('g9', { accountId: OTHER_ACCOUNT.id }));
      const page = await store().guardrails.list(ACCOUNT.id, { offset: 1, limit: 1 });
      expect(page.total).toBe(3);
      expect(page.items.map((g) => g.id)).toEqual(['g1']);
      expect((await store().guardrails.list(ACCOUNT.id, PAGE)).items.map((g) => g.id)).toEqual(['g3', 'g1', 'g2']);
    });

    it('update changes only the given fields, replaces lists wholesale and sets updatedAt', async () => {
      await withAccounts(store());
      await store().guardrails.create(newGuardrail('g1', { allowedProviders: ['openai', 'groq'], limitMicro: micro(5), description: 'keep' }));
      const updated = await store().guardrails.update(ACCOUNT.id, 'g1', { allowedProviders: ['anthropic'], limitMicro: null, enforceZdr: ['openai'] }, AT);
      expect(updated).toMatchObject({ allowedProviders: ['anthropic'], limitMicro: null, enforceZdr: ['openai'], description: 'keep', updatedAt: AT });
      const cleared = await store().guardrails.update(ACCOUNT.id, 'g1', { allowedProviders: null }, AT);
      expect(cleared?.allowedProviders).toBeNull();
    });

  });

  describeAssignments(factory);
}

function describeAssignments(factory: StoreFactory): void {
  describe('guardrails: assignments', () => {
    const store = useStore(factory);
    const keysAssignedTo = async (guardrailId: string) =>
      (await store().guardrails.listKeyAssignments(ACCOUNT.id, guardrailId, PAGE)).items.map((assignment) => assignment.keyId);

    const setUp = async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      await store().keys.create(newKey('key_2'));
      await store().keys.create(newKey('key_x', { accountId: OTHER_ACCOUNT.id }));
      await store().guardrails.create(newGuardrail('g1'));
      await store().guardrails.create(newGuardrail('g2'));
      await store().guardrails.create(newGuardrail('gx', { accountId: OTHER_ACCOUNT.id }));
    };

    it('delete removes the guardrail and its assignments', async () => {
      await withAccounts(store());
      await store().keys.create(newKey('key_1'));
      await store().guardrails.create(newGuardrail('g1'));
      await store().guardrails.assignKeys(ACCOUNT.id, 'g1', ['hash_key_1'], META);
      await store().guardrails.assignMembers(ACCOUNT.id, 'g1', ['user_a'], META);
      expect(await store().guardrails.delete(ACCOUNT.id, 'g1')).toBe(true);
      expect(await store().guardrails.get(ACCOUNT.id, 'g1')).toBeUndefined();
      expect(await store().guardrails.forKey('key_1')).toEqual([]);
      expect((await store().guardrails.listMemberAssignments(ACCOUNT.id, undefined, PAGE)).total).toBe(0);
      expect(await store().guardrails.delete(ACCOUNT.id, 'g1')).toBe(false);
    });
    it('assigns the account keys by hash, skipping unknown and foreign hashes; lists them with key fields', async () => {
      await setUp();
      const count = await store().guardrails.assignKeys(ACCOUNT.id, 'g1', ['hash_key_1', 'hash_key_1', 'hash_key_x', 'nope'], META);
      expect(count).toBe(1);
      const page = await store().guardrails.listKeyAssignments(ACCOUNT.id, 'g1', PAGE);
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ guardrailId: 'g1', keyId: 'key_1', keyHash: 'hash_key_1', keyName: 'Key key_1', assignedBy: 'user_admin', createdAt: AT });
      expect(page.items[0]?.keyLabel).toBe(newKey('key_1').label);
      expect((await store().guardrails.forKey('key_1')).map((g) => g.id)).toEqual(['g1']);
      expect(await store().guardrails.forKey('key_x')).toEqual([]);
    });

    it('a key holds one guardrail: assigning another replaces it', async () => {
      await setUp();
      await store().guardrails.assignKeys(ACCOUNT.id, 'g1', ['hash_key_1', 'hash_key_2'], META);
      expect(await store().guardrails.assignKeys(ACCOUNT.id, 'g2', ['hash_key_1'], META)).toBe(1);
      expect((await store().guardrails.forKey('key_1')).map((g) => g.id)).toEqual(['g2']);
      expect(await keysAssignedTo('g1')).toEqual(['key_2']);
      const all = await store().guardrails.listKeyAssignments(ACCOUNT.id, undefined, PAGE);
      expect(all.items.map((a) => `${a.guardrailId}:${a.keyId}`).sort()).toEqual(['g1:key_2', 'g2:key_1']);
    });

    it('refuses another account guardrail and unassigns only from the named guardrail', async () => {
      await setUp();
      expect(await store().guardrails.assignKeys(ACCOUNT.id, 'gx', ['hash_key_1'], META)).toBe(0);
      expect(await store().guardrails.assignMembers(ACCOUNT.id, 'gx', ['user_a'], META)).toBe(0);
      await store().guardrails.assignKeys(ACCOUNT.id, 'g1', ['hash_key_1', 'hash_key_2'], META);
      expect(await store().guardrails.unassignKeys(ACCOUNT.id, 'g2', ['hash_key_1'])).toBe(0);
      expect(await store().guardrails.unassignKeys(ACCOUNT.id, 'g1', ['hash_key_1', 'nope'])).toBe(1);
      expect(await keysAssignedTo('g1')).toEqual(['key_2']);
      expect((await store().guardrails.listKeyAssignments(OTHER_ACCOUNT.id, undefined, PAGE)).total).toBe(0);
    });

    it('member assignments: idempotent per guardrail, several guardrails per member, per-account lists', async () => {
      await setUp();
      expect(await store().guardrails.assignMembers(ACCOUNT.id, 'g1', ['user_a', 'user_b', 'user_a'], META)).toBe(2);
      expect(await store().guardrails.assignMembers(ACCOUNT.id, 'g1', ['user_a'], META)).toBe(1);
      await store().guardrails.assignMembers(ACCOUNT.id, 'g2', ['user_a'], META);
      const forG1 = await store().guardrails.listMemberAssignments(ACCOUNT.id, 'g1', PAGE);
      expect(forG1.total).toBe(2);
      expect(forG1.items[0]).toMatchObject({ guardrailId: 'g1', accountId: ACCOUNT.id, assignedBy: 'user_admin', createdAt: AT });
      expect((await store().guardrails.listMemberAssignments(ACCOUNT.id, undefined, { offset: 0, limit: 2 })).total).toBe(3);
      expect(await store().guardrails.unassignMembers(ACCOUNT.id, 'g1', ['user_a', 'user_z'])).toBe(1);
      expect((await store().guardrails.listMemberAssignments(ACCOUNT.id, 'g1', PAGE)).items.map((m) => m.userId)).toEqual(['user_b']);
      expect((await store().guardrails.listMemberAssignments(OTHER_ACCOUNT.id, undefined, PAGE)).total).toBe(0);
    });
  });
}

