import { createHash } from 'node:crypto';
import { createSpecValidator } from '@switchyard/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError, NotFoundError, PaymentRequiredError, Switchyard } from '../src/index.js';
import { adminClient, API_KEY, FIXTURES, startTestGateway, userClient, type TestGateway } from './gateway.js';
import { RESPONSE_SCHEMAS, type SdkMethod } from './spec-schemas.js';

const ADMIN_TOKEN = 'sy-admin-sdk-e2e-0123456789abcdef0123456789abcdef';
const spec = createSpecValidator('openrouter');
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
let t: TestGateway;
let user: Switchyard;
let admin: Switchyard;

const validated = new Set<SdkMethod>();

/** The answer, after checking it against the method's schema in OpenRouter's spec. */
function valid<T>(method: SdkMethod, answer: T): T {
  expect(spec.errors(RESPONSE_SCHEMAS[method], answer), method).toEqual([]);
  validated.add(method);
  return answer;
}

async function operator(method: string, route: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${new URL(t.baseURL).origin}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  t = await startTestGateway({ env: { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, SWITCHYARD_BYOK_KEY: '22'.repeat(32) } });
  user = userClient(t);
  admin = adminClient(t);
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

describe('catalog methods', () => {
  it('models.list, models.count, models.listForUser', async () => {
    const models = valid('models.list', await user.models.list());
    expect(models.data.map((model) => model.id)).toContain('anthropic/claude-sonnet-4.5');
    expect(valid('models.count', await user.models.count()).data.count).toBe(models.data.length);
    expect(valid('models.get', await user.models.get({ author: 'anthropic', slug: 'claude-sonnet-4.5' })).data.id).toBe('anthropic/claude-sonnet-4.5');
    await expect(user.models.get({ author: 'anthropic', slug: 'claude-sonnet-9' })).rejects.toBeInstanceOf(NotFoundError);
    const mine = valid('models.listForUser', await user.models.listForUser());
    expect(mine.data.map((model) => model.id)).toContain('openai/gpt-4o-mini');
    const page = valid('models.listForUser', await user.models.listForUser({ offset: 1, limit: 2 }));
    expect(page.data.map((model) => model.id)).toEqual(mine.data.slice(1, 3).map((model) => model.id));
    // OpenRouter's query filters and sorts, answered by the server.
    const claude = valid('models.list', await user.models.list({ q: 'claude', model_authors: 'anthropic', sort: 'pricing-low-to-high' }));
    expect(claude.data.length).toBeGreaterThan(0);
    expect(claude.data.every((model) => model.id.startsWith('anthropic/') && model.id.includes('claude'))).toBe(true);
    const prices = claude.data.map((model) => Number(model.pricing.prompt) + Number(model.pricing.completion));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const counted = valid('models.count', await user.models.count({ output_modalities: 'all' }));
    expect(counted.data.count).toBeGreaterThanOrEqual(models.data.length);
    await expect(user.models.list({ sort: 'most-popular' } as never)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('endpoints.list, endpoints.listZdrEndpoints, providers.list', async () => {
    const endpoints = valid('endpoints.list', await user.endpoints.list({ author: 'meta-llama', slug: 'llama-3.3-70b-instruct' }));
    expect(endpoints.data.endpoints.map((endpoint) => endpoint.tag)).toEqual(['groq']);
    expect(endpoints.data.endpoints[0]?.pricing.prompt).toBe('0.00000059');
    const zdr = valid('endpoints.listZdrEndpoints', await user.endpoints.listZdrEndpoints());
    expect(Array.isArray(zdr.data)).toBe(true);
    const providers = valid('providers.list', await user.providers.list());
    expect(providers.data.map((provider) => provider.slug)).toEqual(expect.arrayContaining(['openai', 'anthropic', 'google-ai-studio', 'groq']));
    await expect(user.endpoints.list({ author: 'nobody', slug: 'nothing' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('keys, credits, generations and activity', () => {
  it('apiKeys: create shows the secret once; list, get, update, delete; getCurrentKeyMetadata as the key sees itself', async () => {
    const created = valid('apiKeys.create', await admin.apiKeys.create({ name: 'SDK key', limit: 5, limit_reset: 'monthly' }));
    expect(created.key).toMatch(/^sk-sy-v1-[0-9a-f]{64}$/);
    expect(created.data).toMatchObject({ hash: sha256(created.key), name: 'SDK key', limit: 5, limit_reset: 'monthly', disabled: false });
    const { hash } = created.data;
    const listed = valid('apiKeys.list', await admin.apiKeys.list());
    expect(listed.data.map((key) => key.hash)).toContain(hash);
    expect(valid('apiKeys.get', await admin.apiKeys.get({ hash })).data.name).toBe('SDK key');
    const updated = valid('apiKeys.update', await admin.apiKeys.update({ hash, name: 'SDK key (off)', disabled: true }));
    expect(updated.data).toMatchObject({ name: 'SDK key (off)', disabled: true });
    expect((await admin.apiKeys.list()).data.map((key) => key.hash)).not.toContain(hash);
    expect((await admin.apiKeys.list({ include_disabled: true })).data.map((key) => key.hash)).toContain(hash);
    await admin.apiKeys.update({ hash, disabled: false, limit: 0 });
    const broke = new Switchyard({ apiKey: created.key, baseURL: t.baseURL, maxRetries: 0 });
    const refused = await broke.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentRequiredError);
    expect((refused as PaymentRequiredError).errorCode).toBe('insufficient_credits');
    await admin.apiKeys.update({ hash, limit: 5 });
    const own = new Switchyard({ apiKey: created.key, baseURL: t.baseURL, maxRetries: 0 });
    const current = valid('apiKeys.getCurrentKeyMetadata', await own.apiKeys.getCurrentKeyMetadata());
    expect(current.data).toMatchObject({ limit: 5, is_provisioning_key: false, usage: 0 });
    expect(valid('apiKeys.delete', await admin.apiKeys.delete({ hash }))).toEqual({ deleted: true });
    await expect(admin.apiKeys.get({ hash })).rejects.toBeInstanceOf(NotFoundError);
    await expect(user.apiKeys.list()).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('credits.getCredits, generations.getGeneration and analytics.getUserActivity follow a chat', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const answer = await user.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Invent a holiday' }] });
    const generation = valid('generations.getGeneration', await user.generations.getGeneration({ id: answer.id }));
    expect(generation.data).toMatchObject({ id: answer.id, provider_name: 'OpenAI', model: 'openai/gpt-4o-mini' });
    const credits = valid('credits.getCredits', await admin.credits.getCredits());
    expect(credits.data.total_usage).toBeGreaterThanOrEqual(generation.data.total_cost);
    const activity = valid('analytics.getUserActivity', await user.analytics.getUserActivity());
    const row = activity.data.find((item) => item.model === 'openai/gpt-4o-mini');
    expect(row?.requests).toBeGreaterThanOrEqual(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(valid('analytics.getUserActivity', await user.analytics.getUserActivity({ date: today })).data.length).toBeGreaterThan(0);
    const { data: csv, response } = await user.analytics.getUserActivityCsv({ date: today }).withResponse();
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toContain('model');
    expect(rows.some((line) => line.includes('openai/gpt-4o-mini'))).toBe(true);
  });
});

describe('guardrails, organization and BYOK', () => {
  it('guardrails: create, get, list, update, assign keys and members, list assignments, unassign, delete', async () => {
    const org = await operator('POST', '/admin/organizations', { name: 'SDK Org' });
    const orgId = (org['data'] as { id: string }).id;
    const orgAdmin = new Switchyard({ apiKey: org['key'] as string, baseURL: t.baseURL, maxRetries: 0 });
    const member = ((await operator('POST', '/admin/users', { email: 'member@sdk.example' }))['data'] as { id: string }).id;
    await operator('PUT', `/admin/organizations/${orgId}/members/${member}`, { role: 'member' });
    const members = valid('organization.listMembers', await orgAdmin.organization.listMembers());
    expect(members.data.map((entry) => entry.id)).toEqual([member]);

    const created = valid('guardrails.create', await orgAdmin.guardrails.create({ name: 'Prod', limit_usd: 10, reset_interval: 'monthly', allowed_providers: ['openai'] }));
    const { id } = created.data;
    expect(valid('guardrails.get', await orgAdmin.guardrails.get({ id })).data).toEqual(created.data);
    expect(valid('guardrails.list', await orgAdmin.guardrails.list()).data.map((guardrail) => guardrail.id)).toEqual([id]);
    const updated = valid('guardrails.update', await orgAdmin.guardrails.update({ id, description: 'production', allowed_providers: ['openai', 'anthropic'] }));
    expect(updated.data).toMatchObject({ description: 'production', allowed_providers: ['openai', 'anthropic'] });

    const key = await orgAdmin.apiKeys.create({ name: 'Guarded' });
    expect(valid('guardrails.bulkAssignKeys', await orgAdmin.guardrails.bulkAssignKeys({ id, key_hashes: [key.data.hash] }))).toEqual({ assigned_count: 1 });
    expect(valid('guardrails.bulkAssignMembers', await orgAdmin.guardrails.bulkAssignMembers({ id, member_user_ids: [member] }))).toEqual({ assigned_count: 1 });
    const keyAssignments = valid('guardrails.listGuardrailKeyAssignments', await orgAdmin.guardrails.listGuardrailKeyAssignments({ id }));
    expect(keyAssignments.data.map((entry) => entry.key_hash)).toEqual([key.data.hash]);
    expect(valid('guardrails.listKeyAssignments', await orgAdmin.guardrails.listKeyAssignments()).total_count).toBe(1);
    const memberAssignments = valid('guardrails.listGuardrailMemberAssignments', await orgAdmin.guardrails.listGuardrailMemberAssignments({ id, limit: 10 }));
    expect(memberAssignments.data.map((entry) => entry.user_id)).toEqual([member]);
    expect(valid('guardrails.listMemberAssignments', await orgAdmin.guardrails.listMemberAssignments()).total_count).toBe(1);

    const guarded = new Switchyard({ apiKey: key.key, baseURL: t.baseURL, maxRetries: 0 });
    const visible = (await guarded.models.listForUser()).data.map((model) => model.id);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((model) => model.startsWith('openai/') || model.startsWith('anthropic/'))).toBe(true);

    expect(valid('guardrails.bulkUnassignKeys', await orgAdmin.guardrails.bulkUnassignKeys({ id, key_hashes: [key.data.hash] }))).toEqual({ unassigned_count: 1 });
    expect(valid('guardrails.bulkUnassignMembers', await orgAdmin.guardrails.bulkUnassignMembers({ id, member_user_ids: [member] }))).toEqual({ unassigned_count: 1 });
    expect(valid('guardrails.delete', await orgAdmin.guardrails.delete({ id }))).toEqual({ deleted: true });
    await expect(orgAdmin.guardrails.get({ id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('byok: create (the secret never comes back), list, get, update, delete', async () => {
    const secret = 'sk-own-openai-AbCdEfGh12345678WxYz';
    const created = valid('byok.create', await admin.byok.create({ provider: 'openai', key: secret, name: 'Mine' }));
    expect(JSON.stringify(created)).not.toContain(secret);
    const { id } = created.data;
    expect(valid('byok.list', await admin.byok.list({ provider: 'openai' })).data.map((entry) => entry.id)).toEqual([id]);
    expect(valid('byok.get', await admin.byok.get({ id })).data).toMatchObject({ id, provider: 'openai', name: 'Mine' });
    expect(valid('byok.update', await admin.byok.update({ id, disabled: true })).data.disabled).toBe(true);
    expect(valid('byok.delete', await admin.byok.delete({ id }))).toEqual({ deleted: true });
    await expect(admin.byok.get({ id })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('OAuth PKCE', () => {
  it('createAuthCode with an S256 challenge from the PKCE helper → exchangeAuthCodeForApiKey without a key → the new key works', async () => {
    const pkce = await admin.oAuth.createPkcePair();
    expect(pkce.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const code = valid('oAuth.createAuthCode', await admin.oAuth.createAuthCode({ callback_url: 'https://app.example/cb', code_challenge: pkce.code_challenge, code_challenge_method: 'S256', limit: 2, key_label: 'From SDK' }));
    const app = new Switchyard({ baseURL: t.baseURL, maxRetries: 0, apiKey: null });
    const exchanged = valid('oAuth.exchangeAuthCodeForApiKey', await app.oAuth.exchangeAuthCodeForApiKey({ code: code.data.id, code_verifier: pkce.code_verifier, code_challenge_method: 'S256' }));
    expect(exchanged.key).toMatch(/^sk-sy-v1-/);
    const own = new Switchyard({ apiKey: exchanged.key, baseURL: t.baseURL, maxRetries: 0 });
    expect((await own.apiKeys.getCurrentKeyMetadata()).data.limit).toBe(2);
    await expect(userClient(t).oAuth.createAuthCode({ callback_url: 'https://app.example/cb' })).rejects.toBeInstanceOf(ForbiddenError);
    const url = new URL(app.oAuth.createAuthorizationUrl({ callback_url: 'http://localhost:3000/cb', code_challenge: pkce.code_challenge, code_challenge_method: 'S256' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${new URL(t.baseURL).origin}/auth`);
    expect((await fetch(url)).status).toBe(200);
  });
});

it('every method but chat (chat.e2e.test.ts) had a real answer validated above', () => {
  expect(user.apiKey).toBe(API_KEY);
  const methods = Object.keys(RESPONSE_SCHEMAS).filter((method) => !method.startsWith('chat.'));
  expect(methods.filter((method) => !validated.has(method as SdkMethod))).toEqual([]);
});

it('every resource method has a response schema (or is a local helper)', () => {
  const local = new Set(['chat.runTools', 'oAuth.createPkcePair', 'oAuth.createAuthorizationUrl', 'analytics.getUserActivityCsv']);
  const found: string[] = [];
  for (const [group, resource] of Object.entries(user)) {
    if (typeof resource !== 'object' || resource === null || !('client' in resource)) continue;
    const prototype = Object.getPrototypeOf(resource) as object;
    for (const name of Object.getOwnPropertyNames(prototype)) if (name !== 'constructor') found.push(`${group}.${name}`);
  }
  expect(found.length).toBeGreaterThan(40);
  expect(found.filter((method) => !local.has(method) && !(method in RESPONSE_SCHEMAS))).toEqual([]);
});
