import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAccount, sha256 } from '../support/accounts.js';
import { fakeVendors, price } from '../support/catalog.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { call } from '../support/http.js';

/**
 * `/guardrails` over HTTP with `@openrouter/sdk`, and their enforcement on chat requests: a key's
 * guardrail is one more routing layer (a request narrows it, never widens it), a request it blocks
 * is a 403 naming it. Budgets (`limit_usd`) are reserved through the ledger: guardrail-budget.test.ts.
 */
const GUARDED_KEY = 'sk-sy-v1-test-guarded-inference-0000000000000000000000000000000000000000';
const OTHER_ADMIN_KEY = 'sk-sy-v1-test-other-account-admin-00000000000000000000000000000000000000';
const OTHER_KEY = 'sk-sy-v1-test-other-account-inference-000000000000000000000000000000000000';
const ZDR = { zdr: true, training: false, retains_prompts: false };
const MODELS = [
  {
    id: 'gr/llama',
    canonical_slug: 'gr/llama-20250101',
    context_length: 32_000,
    endpoints: [
      { provider: 'together', upstream_model: 'llama-together', pricing: price(1) },
      { provider: 'fireworks', upstream_model: 'llama-fireworks', pricing: price(2), data_policy: ZDR },
      { provider: 'groq', upstream_model: 'llama-groq', pricing: price(3) },
    ],
  },
  { id: 'gr/other', context_length: 32_000, endpoints: [{ provider: 'together', upstream_model: 'other-together', pricing: price(1) }] },
];

let t: TestGateway;
let admin: OpenRouter;
let otherAdmin: OpenRouter;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: fakeVendors('together', 'fireworks'),
    config: { models: MODELS, health: { breaker_failure_threshold: 1000, recent_min_failures: 1000 } },
  });
  await seedAccount(t, { accountId: 'acct_default', name: 'Default', keys: [{ id: 'key_guarded', secret: GUARDED_KEY, kind: 'inference' }] });
  await seedAccount(t, {
    accountId: 'acct_other',
    name: 'Other',
    keys: [
      { id: 'key_other_admin', secret: OTHER_ADMIN_KEY, kind: 'provisioning' },
      { id: 'key_other', secret: OTHER_KEY, kind: 'inference' },
    ],
  });
  admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
  otherAdmin = new OpenRouter({ apiKey: OTHER_ADMIN_KEY, serverURL: t.baseURL });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

interface ChatAnswer {
  readonly status: number;
  readonly body: { error?: { code: number; message: string; metadata?: Record<string, unknown> } };
  /** The provider that served (from the upstream URL), when one did. */
  readonly servedBy: string | undefined;
}

async function chat(key: string, model: string, provider?: unknown): Promise<ChatAnswer> {
  t.upstream.reset();
  t.upstream.next({ json: FIXTURES.openaiText() });
  const response = await call(t, 'POST', '/chat/completions', key, { model, messages: [{ role: 'user', content: 'Hi' }], ...(provider === undefined ? {} : { provider }) });
  const body = (await response.json()) as ChatAnswer['body'];
  return { status: response.status, body, servedBy: t.upstream.requests[0]?.url.split('/')[1] };
}

describe('guardrails CRUD with @openrouter/sdk', () => {
  it('create, get, list with paging, update (lists replaced) and delete', async () => {
    const created = await admin.guardrails.create({
      createGuardrailRequest: {
        name: 'Production',
        description: 'prod only',
        limitUsd: 50,
        resetInterval: 'monthly',
        allowedProviders: ['together', 'fireworks'],
        allowedModels: ['gr/llama'],
        enforceZdrOpenai: true,
      },
    });
    expect(created.data).toMatchObject({
      name: 'Production',
      description: 'prod only',
      limitUsd: 50,
      resetInterval: 'monthly',
      allowedProviders: ['together', 'fireworks'],
      allowedModels: ['gr/llama-20250101'],
      ignoredProviders: null,
      enforceZdr: null,
      enforceZdrOpenai: true,
      enforceZdrAnthropic: false,
      includeByokInBudgets: false,
      workspaceId: 'acct_default',
      updatedAt: null,
    });
    const { id } = created.data;
    expect((await admin.guardrails.get({ id })).data).toEqual(created.data);

    const second = await admin.guardrails.create({ createGuardrailRequest: { name: 'Second', enforceZdr: true } });
    expect(second.data).toMatchObject({ enforceZdr: true, enforceZdrXai: true, enforceZdrOther: true });
    const page = await admin.guardrails.list({ offset: 1, limit: 1 });
    expect(page.result.totalCount).toBeGreaterThanOrEqual(2);
    expect(page.result.data).toHaveLength(1);

    const updated = await admin.guardrails.update({ id, updateGuardrailRequest: { allowedProviders: ['fireworks'], limitUsd: null, enforceZdrOpenai: false } });
    expect(updated.data).toMatchObject({ allowedProviders: ['fireworks'], allowedModels: ['gr/llama-20250101'], limitUsd: null, enforceZdr: false, name: 'Production' });
    expect(updated.data.updatedAt).not.toBeNull();

    expect(await admin.guardrails.delete({ id })).toEqual({ deleted: true });
    expect((await call(t, 'GET', `/guardrails/${id}`, PROVISIONING_KEY)).status).toBe(404);
    await admin.guardrails.delete({ id: second.data.id });
  });

  it('rejects bad bodies with 400 naming the field, and inference keys with 403', async () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: 'x', limit_usd: -1 }, 'limit_usd'],
      [{ name: 'x', allowed_models: [] }, 'allowed_models'],
      [{ name: 'x', allowed_providers: ['ok', ''] }, 'allowed_providers[1]'],
      [{ name: 'x', allowed_models: ['gr/llama', 'gr/typo'] }, 'allowed_models[1]'],
      [{ name: 'x', reset_interval: 'hourly' }, 'reset_interval'],
      [{ name: 'x', content_filters: [{ pattern: 'a', action: 'block' }] }, 'content_filters'],
      [{ name: 'x', surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const response = await call(t, 'POST', '/guardrails', PROVISIONING_KEY, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { metadata: { field: string } } }).error.metadata.field).toBe(field);
    }
    expect((await call(t, 'GET', '/guardrails?limit=101', PROVISIONING_KEY)).status).toBe(400);
    expect((await call(t, 'GET', '/guardrails', API_KEY)).status).toBe(403);
    expect((await call(t, 'POST', '/guardrails', API_KEY, { name: 'x' })).status).toBe(403);
  });
});

describe('guardrail enforcement on chat requests', () => {
  it('blocks a disallowed model with 403 naming the guardrail; a narrowing request works; unassigning lifts it', async () => {
    const { data: guard } = await admin.guardrails.create({
      createGuardrailRequest: { name: 'Llama only', allowedModels: ['gr/llama-20250101'], allowedProviders: ['together', 'fireworks'] },
    });
    expect(await admin.guardrails.bulkAssignKeys({ id: guard.id, bulkAssignKeysRequest: { keyHashes: [sha256(GUARDED_KEY)] } })).toEqual({ assignedCount: 1 });
    const assignments = await admin.guardrails.listGuardrailKeyAssignments({ id: guard.id });
    expect(assignments.result.data).toEqual([expect.objectContaining({ keyHash: sha256(GUARDED_KEY), keyName: 'key_guarded', guardrailId: guard.id })]);

    const blocked = await chat(GUARDED_KEY, 'gr/other');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error?.message).toContain('Llama only');
    expect(blocked.body.error?.metadata).toMatchObject({ guardrail_id: guard.id, guardrail_name: 'Llama only', blocked: { models: ['gr/other'] } });
    expect(blocked.servedBy).toBeUndefined();

    expect(await chat(GUARDED_KEY, 'gr/llama')).toMatchObject({ status: 200, servedBy: 'together' });
    // The request narrows the guardrail's providers further: allowed.
    expect(await chat(GUARDED_KEY, 'gr/llama', { only: ['fireworks'] })).toMatchObject({ status: 200, servedBy: 'fireworks' });
    // The request cannot widen it: groq is outside the guardrail.
    const widened = await chat(GUARDED_KEY, 'gr/llama', { only: ['groq'] });
    expect(widened.status).toBe(403);
    expect(widened.body.error?.metadata).toMatchObject({ guardrail_name: 'Llama only', blocked: { providers: ['groq'] } });
    // Other keys of the account are not under it.
    expect((await chat(API_KEY, 'gr/other')).status).toBe(200);

    expect(await admin.guardrails.bulkUnassignKeys({ id: guard.id, bulkUnassignKeysRequest: { keyHashes: [sha256(GUARDED_KEY)] } })).toEqual({ unassignedCount: 1 });
    expect(await chat(GUARDED_KEY, 'gr/other')).toMatchObject({ status: 200, servedBy: 'together' });
    expect(await chat(GUARDED_KEY, 'gr/llama', { only: ['groq'] })).toMatchObject({ status: 200, servedBy: 'groq' });
    await admin.guardrails.delete({ id: guard.id });
  });

  it('enforce_zdr keeps only ZDR endpoints, and a model without one is a 403', async () => {
    const { data: guard } = await admin.guardrails.create({ createGuardrailRequest: { name: 'ZDR', enforceZdr: true } });
    await admin.guardrails.bulkAssignKeys({ id: guard.id, bulkAssignKeysRequest: { keyHashes: [sha256(GUARDED_KEY)] } });
    expect(await chat(GUARDED_KEY, 'gr/llama', { zdr: false })).toMatchObject({ status: 200, servedBy: 'fireworks' });
    const blocked = await chat(GUARDED_KEY, 'gr/other');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error?.metadata).toMatchObject({ guardrail_name: 'ZDR', blocked: { zdr: true } });
    // A stream is refused the same way, before it opens.
    const streamed = await call(t, 'POST', '/chat/completions', GUARDED_KEY, { model: 'gr/other', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    expect(streamed.status).toBe(403);
    expect(streamed.headers.get('content-type')).toContain('application/json');
    expect(((await streamed.json()) as ChatAnswer['body']).error?.metadata).toMatchObject({ guardrail_name: 'ZDR' });
    // Deleting the guardrail removes its assignments: the key is free again.
    await admin.guardrails.delete({ id: guard.id });
    expect((await chat(GUARDED_KEY, 'gr/other')).status).toBe(200);
  });
});

describe('guardrails across accounts and members', () => {
  it('another account sees none of them, cannot change or assign them, and cannot assign its guardrail to our keys', async () => {
    const { data: mine } = await admin.guardrails.create({ createGuardrailRequest: { name: 'Mine', allowedModels: ['gr/llama'] } });
    await admin.guardrails.bulkAssignKeys({ id: mine.id, bulkAssignKeysRequest: { keyHashes: [sha256(GUARDED_KEY)] } });
    const { data: theirs } = await otherAdmin.guardrails.create({ createGuardrailRequest: { name: 'Theirs', allowedModels: ['gr/other'] } });

    expect((await otherAdmin.guardrails.list()).result.data.map((g) => g.id)).toEqual([theirs.id]);
    expect((await otherAdmin.guardrails.listKeyAssignments()).result.totalCount).toBe(0);
    for (const [method, route, body] of [
      ['GET', `/guardrails/${mine.id}`, undefined],
      ['PATCH', `/guardrails/${mine.id}`, { name: 'hijacked' }],
      ['DELETE', `/guardrails/${mine.id}`, undefined],
      ['GET', `/guardrails/${mine.id}/assignments/keys`, undefined],
      ['POST', `/guardrails/${mine.id}/assignments/keys`, { key_hashes: [sha256(OTHER_KEY)] }],
      ['POST', `/guardrails/${mine.id}/assignments/keys/remove`, { key_hashes: [sha256(GUARDED_KEY)] }],
      ['POST', `/guardrails/${mine.id}/assignments/members`, { member_user_ids: ['user_x'] }],
    ] as const) {
      expect((await call(t, method, route, OTHER_ADMIN_KEY, body)).status, `${method} ${route}`).toBe(404);
    }
    // Our key's hash means nothing to their guardrail.
    expect(await otherAdmin.guardrails.bulkAssignKeys({ id: theirs.id, bulkAssignKeysRequest: { keyHashes: [sha256(GUARDED_KEY)] } })).toEqual({ assignedCount: 0 });
    expect((await admin.guardrails.get({ id: mine.id })).data.name).toBe('Mine');
    expect((await chat(GUARDED_KEY, 'gr/other')).status).toBe(403);
    expect((await chat(OTHER_KEY, 'gr/llama')).status).toBe(200);
    await admin.guardrails.delete({ id: mine.id });
    await otherAdmin.guardrails.delete({ id: theirs.id });
  });

  it('member assignments: bulk assign, list per guardrail and for the account, unassign', async () => {
    const { data: guard } = await admin.guardrails.create({ createGuardrailRequest: { name: 'Members' } });
    const assigned = await admin.guardrails.bulkAssignMembers({ id: guard.id, bulkAssignMembersRequest: { memberUserIds: ['user_a', 'user_b'] } });
    expect(assigned).toEqual({ assignedCount: 2 });
    const listed = await admin.guardrails.listGuardrailMemberAssignments({ id: guard.id });
    expect(listed.result.totalCount).toBe(2);
    expect(listed.result.data[0]).toMatchObject({ guardrailId: guard.id, organizationId: 'acct_default', assignedBy: null });
    expect((await admin.guardrails.listMemberAssignments()).result.data.map((m) => m.userId).sort()).toEqual(['user_a', 'user_b']);
    expect((await otherAdmin.guardrails.listMemberAssignments()).result.totalCount).toBe(0);
    const removed = await admin.guardrails.bulkUnassignMembers({ id: guard.id, bulkUnassignMembersRequest: { memberUserIds: ['user_a'] } });
    expect(removed).toEqual({ unassignedCount: 1 });
    await admin.guardrails.delete({ id: guard.id });
  });
});
