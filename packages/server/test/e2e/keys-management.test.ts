import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAccount, sha256 } from '../support/accounts.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { call } from '../support/http.js';

const OTHER_PROVISIONING_KEY = 'sk-sy-v1-test-other-account-provisioning-000000000000000000000000000000';

let t: TestGateway;
let admin: OpenRouter;
let otherAdmin: OpenRouter;

beforeAll(async () => {
  t = await startTestGateway();
  // A second account with its own management key.
  await seedAccount(t, { accountId: 'acct_other', name: 'Other', keys: [{ id: 'key_other_admin', secret: OTHER_PROVISIONING_KEY, kind: 'provisioning', name: 'Other admin' }] });
  admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
  otherAdmin = new OpenRouter({ apiKey: OTHER_PROVISIONING_KEY, serverURL: t.baseURL });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

function chat(key: string): Promise<Response> {
  t.upstream.next({ json: FIXTURES.anthropicText() });
  return call(t, 'POST', '/chat/completions', key, { model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Hi' }] });
}

describe('/keys with @openrouter/sdk', () => {
  it('create shows the secret once; list, get, update and delete follow; the key works until disabled or deleted', async () => {
    const created = await admin.apiKeys.create({ requestBody: { name: 'CI key', limit: 5, limitReset: 'monthly' } });
    const secret = created.key;
    expect(secret).toMatch(/^sk-sy-v1-[0-9a-f]{64}$/);
    expect(created.data).toMatchObject({ hash: sha256(secret), name: 'CI key', limit: 5, limitRemaining: 5, limitReset: 'monthly', disabled: false, usage: 0 });
    expect(created.data.label).not.toContain(secret.slice(12, -4));
    expect(created.data.updatedAt).toBeNull();
    const { hash } = created.data;

    expect((await chat(secret)).status).toBe(200);
    const listed = await admin.apiKeys.list();
    const entry = listed.data.find((key) => key.hash === hash);
    expect(entry).toMatchObject({ name: 'CI key', limit: 5 });
    expect(entry?.usage).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.data.map((key) => key.hash)).not.toContain(sha256(PROVISIONING_KEY));

    const got = await admin.apiKeys.get({ hash });
    expect(got.data).toMatchObject({ hash, name: 'CI key', workspaceId: 'acct_default' });
    expect(got.data.limitRemaining).toBeCloseTo(5 - got.data.usageMonthly, 6);
    const own = (await (await call(t, 'GET', '/key', secret)).json()) as { data: { usage: number; limit_remaining: number } };
    expect({ usage: got.data.usage, remaining: got.data.limitRemaining }).toEqual({ usage: own.data.usage, remaining: own.data.limit_remaining });

    const disabled = await admin.apiKeys.update({ hash, requestBody: { name: 'CI key (off)', limit: 7.5, disabled: true } });
    expect(disabled.data).toMatchObject({ name: 'CI key (off)', limit: 7.5, disabled: true, limitReset: 'monthly' });
    expect(disabled.data.updatedAt).not.toBeNull();
    const refused = await chat(secret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 401, message: 'This API key is disabled' } });
    expect((await admin.apiKeys.list()).data.map((key) => key.hash)).not.toContain(hash);
    expect((await admin.apiKeys.list({ includeDisabled: true })).data.map((key) => key.hash)).toContain(hash);

    await admin.apiKeys.update({ hash, requestBody: { disabled: false } });
    expect((await chat(secret)).status).toBe(200);
    await admin.apiKeys.update({ hash, requestBody: { limit: 0 } });
    expect((await chat(secret)).status).toBe(402);
    await admin.apiKeys.update({ hash, requestBody: { limit: null, limitReset: null } });
    expect((await chat(secret)).status).toBe(200);

    expect(await admin.apiKeys.delete({ hash })).toEqual({ deleted: true });
    expect((await chat(secret)).status).toBe(401);
    expect((await call(t, 'GET', `/keys/${hash}`, PROVISIONING_KEY)).status).toBe(404);
    expect((await call(t, 'DELETE', `/keys/${hash}`, PROVISIONING_KEY)).status).toBe(404);
    expect((await admin.apiKeys.list({ includeDisabled: true })).data.map((key) => key.hash)).not.toContain(hash);
  });

  it('a deleted key’s generations stay readable to its account', async () => {
    const { key: secret, data } = await admin.apiKeys.create({ requestBody: { name: 'Short-lived' } });
    const answer = (await (await chat(secret)).json()) as { id: string };
    await admin.apiKeys.delete({ hash: data.hash });
    const generation = await call(t, 'GET', `/generation?id=${answer.id}`, PROVISIONING_KEY);
    expect(generation.status).toBe(200);
    expect(((await generation.json()) as { data: { id: string } }).data.id).toBe(answer.id);
  });

  it('pages with offset, 100 keys a page, oldest first', async () => {
    const before = (await admin.apiKeys.list({ includeDisabled: true })).data.length;
    for (const name of ['Page A', 'Page B', 'Page C']) await admin.apiKeys.create({ requestBody: { name } });
    const all = (await admin.apiKeys.list({ includeDisabled: true })).data;
    expect(all.slice(-3).map((key) => key.name)).toEqual(['Page A', 'Page B', 'Page C']);
    const rest = (await admin.apiKeys.list({ includeDisabled: true, offset: before + 1 })).data;
    expect(rest.map((key) => key.name)).toEqual(['Page B', 'Page C']);
  });
});

describe('/keys permissions', () => {
  it('an inference key gets 403 on every /keys route; a management key gets 403 on chat', async () => {
    const hash = sha256(API_KEY);
    const routes: [string, string, unknown?][] = [
      ['GET', '/keys'],
      ['POST', '/keys', { name: 'x' }],
      ['GET', `/keys/${hash}`],
      ['PATCH', `/keys/${hash}`, { name: 'x' }],
      ['DELETE', `/keys/${hash}`],
    ];
    for (const [method, route, body] of routes) {
      const response = await call(t, method, route, API_KEY, body);
      expect(response.status, `${method} ${route}`).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 403, message: 'Only management keys can perform this operation' } });
    }
    expect((await chat(PROVISIONING_KEY)).status).toBe(403);
    expect((await call(t, 'GET', '/keys', 'sk-sy-v1-unknown')).status).toBe(401);
    expect((await fetch(`${t.baseURL}/keys`)).status).toBe(401);
  });

  it('a management key cannot address management keys through /keys', async () => {
    const hash = sha256(PROVISIONING_KEY);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      expect((await call(t, method, `/keys/${hash}`, PROVISIONING_KEY, method === 'PATCH' ? { disabled: true } : undefined)).status).toBe(404);
    }
  });

  it('one account never sees or changes another account’s keys (404, as if absent)', async () => {
    const { key: secret, data } = await admin.apiKeys.create({ requestBody: { name: 'Account A key' } });
    const theirs = await otherAdmin.apiKeys.create({ requestBody: { name: 'Account B key' } });
    expect(theirs.data.workspaceId).toBe('acct_other');

    expect((await otherAdmin.apiKeys.list({ includeDisabled: true })).data.map((key) => key.name)).toEqual(['Account B key']);
    expect((await admin.apiKeys.list({ includeDisabled: true })).data.map((key) => key.hash)).not.toContain(theirs.data.hash);
    const probes: [string, unknown?][] = [['GET'], ['PATCH', { disabled: true }], ['DELETE']];
    for (const [method, body] of probes) {
      const response = await call(t, method, `/keys/${data.hash}`, OTHER_PROVISIONING_KEY, body);
      expect(response.status, method).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 404, message: 'API key not found' } });
    }
    expect((await admin.apiKeys.get({ hash: data.hash })).data.disabled).toBe(false);
    expect((await chat(secret)).status).toBe(200);
    expect((await call(t, 'GET', '/keys?workspace_id=acct_default', OTHER_PROVISIONING_KEY).then((r) => r.json()))).toEqual({ data: [] });
    const foreignWorkspace = await call(t, 'POST', '/keys', OTHER_PROVISIONING_KEY, { name: 'sneaky', workspace_id: 'acct_default' });
    expect(foreignWorkspace.status).toBe(400);
  });
});

describe('/keys validation', () => {
  const cases: [string, string, unknown, string][] = [
    ['POST', '/keys', {}, 'name'],
    ['POST', '/keys', { name: '  ' }, 'name'],
    ['POST', '/keys', { name: 'x', limit: -1 }, 'limit'],
    ['POST', '/keys', { name: 'x', limit: '5' }, 'limit'],
    ['POST', '/keys', { name: 'x', limit_reset: 'yearly' }, 'limit_reset'],
    ['POST', '/keys', { name: 'x', include_byok_in_limit: 'yes' }, 'include_byok_in_limit'],
    ['POST', '/keys', { name: 'x', expires_at: '2099-01-01T00:00:00+02:00' }, 'expires_at'],
    ['POST', '/keys', { name: 'x', expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
    ['POST', '/keys', { name: 'x', limit_usd: 5 }, 'limit_usd'],
    ['POST', '/keys', [], '(body)'],
    ['PATCH', `/keys/${sha256(API_KEY)}`, { disabled: 'true' }, 'disabled'],
    ['PATCH', `/keys/${sha256(API_KEY)}`, { expires_at: null }, 'expires_at'],
  ];
  it.each(cases)('%s %s %j → 400 naming %s', async (method, route, body, field) => {
    const response = await call(t, method, route, PROVISIONING_KEY, body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: number; message: string; metadata?: { field?: string } } };
    expect(answer.error.code).toBe(400);
    expect(answer.error.message.startsWith(`${field}: `)).toBe(true);
    expect(answer.error.metadata?.field).toBe(field);
  });

  it('rejects bad list parameters', async () => {
    for (const query of ['offset=-1', 'offset=1.5', 'include_disabled=maybe']) {
      const response = await call(t, 'GET', `/keys?${query}`, PROVISIONING_KEY);
      expect(response.status, query).toBe(400);
    }
  });

  it('keeps expires_at and rounds limits to the micro-dollar', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000);
    const created = await admin.apiKeys.create({ requestBody: { name: 'Expiring', expiresAt, limit: 0.1234567, includeByokInLimit: true } });
    expect(created.data.expiresAt?.toISOString()).toBe(expiresAt.toISOString());
    expect(created.data).toMatchObject({ limit: 0.123457, includeByokInLimit: true });
  });
});
