import { OpenRouter } from '@openrouter/sdk';
import { createSqliteStore } from '@switchyard/store-sql';
import { sql } from 'kysely';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { ADMIN_TOKEN, PAID_MODEL, paidModelConfig } from '../support/credits-harness.js';
import { startTestGateway, type TestGateway } from '../support/harness.js';
import { call } from '../support/http.js';

/**
 * Two organisations side by side: every management and read endpoint is tried with organisation
 * A's keys (management key, an admin's, a member's and a creator-less inference key) against
 * organisation B's ids, and never reveals anything (404, 403 or an empty answer); key kinds stay
 * apart (a management key cannot chat, an inference key cannot manage); a member's key sees only
 * what that member's keys did; and no prompt or answer text reaches the database.
 */
const B_MODEL = 'iso/b-only';
const MARKER = 'zebra-confidential-7c1f';

interface Org {
  readonly id: string;
  readonly management: string;
}

interface Keys {
  readonly a: Org;
  readonly b: Org;
  /** Inference keys of A: created for the admin, for the member, and without a creator. */
  readonly aAdmin: { key: string; hash: string };
  readonly aMember: { key: string; hash: string };
  readonly aPlain: { key: string; hash: string };
  readonly bMember: { key: string; hash: string };
  readonly users: { alice: string; mike: string; bob: string };
}

let t: TestGateway;
let k: Keys;
const gen: Record<'aMember' | 'aPlain' | 'b', string> = { aMember: '', aPlain: '', b: '' };
let guardrailB = '';

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function org(name: string): Promise<Org> {
  const body = await json<{ data: { id: string }; key: string }>(await call(t, 'POST', '/admin/organizations', ADMIN_TOKEN, { name }), 201);
  return { id: body.data.id, management: body.key };
}

async function user(email: string, orgId: string, role: 'admin' | 'member'): Promise<string> {
  const { data } = await json<{ data: { id: string } }>(await call(t, 'POST', '/admin/users', ADMIN_TOKEN, { email }), 201);
  await json(await call(t, 'PUT', `/admin/organizations/${orgId}/members/${data.id}`, ADMIN_TOKEN, { role }), 200);
  return data.id;
}

async function inferenceKey(management: string, name: string, creator?: string): Promise<{ key: string; hash: string }> {
  const body = { name, ...(creator === undefined ? {} : { creator_user_id: creator }) };
  const created = await json<{ key: string; data: { hash: string; creator_user_id: string | null } }>(await call(t, 'POST', '/keys', management, body), 201);
  expect(created.data.creator_user_id).toBe(creator ?? null);
  return { key: created.key, hash: created.data.hash };
}

async function chat(apiKey: string, model: string): Promise<string> {
  t.upstream.next({ json: FIXTURES.openaiText() });
  const client = new OpenAI({ apiKey, baseURL: t.baseURL, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: `Keep this secret: ${MARKER}` }] });
  return completion.id;
}

/** Waits until the write-behind queue stored the generation (visible to the key that made it). */
async function stored(apiKey: string, id: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const response = await call(t, 'GET', `/generation?id=${id}`, apiKey);
    await response.text();
    if (response.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`generation ${id} never appeared`);
}

beforeAll(async () => {
  const models = [...paidModelConfig().models, { ...paidModelConfig().models[0], id: B_MODEL }];
  t = await startTestGateway({ config: { models }, env: { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN, SWITCHYARD_BYOK_KEY: '11'.repeat(32) } });
  const [a, b] = [await org('Org A'), await org('Org B')];
  const users = { alice: await user('alice@a.example', a.id, 'admin'), mike: await user('mike@a.example', a.id, 'member'), bob: await user('bob@b.example', b.id, 'member') };
  k = {
    a,
    b,
    users,
    aAdmin: await inferenceKey(a.management, 'alice', users.alice),
    aMember: await inferenceKey(a.management, 'mike', users.mike),
    aPlain: await inferenceKey(a.management, 'plain'),
    bMember: await inferenceKey(b.management, 'bob', users.bob),
  };
  gen.aMember = await chat(k.aMember.key, PAID_MODEL);
  gen.aPlain = await chat(k.aPlain.key, PAID_MODEL);
  gen.b = await chat(k.bMember.key, B_MODEL);
  await Promise.all([stored(k.aMember.key, gen.aMember), stored(k.aPlain.key, gen.aPlain), stored(k.bMember.key, gen.b)]);
  const guardrail = await json<{ data: { id: string } }>(await call(t, 'POST', '/guardrails', b.management, { name: 'B only' }), 201);
  guardrailB = guardrail.data.id;
  await json(await call(t, 'POST', `/guardrails/${guardrailB}/assignments/keys`, b.management, { key_hashes: [k.bMember.hash] }), 200);
});
afterAll(async () => t.close());

describe('organisation A never sees organisation B', () => {
  it('keys: B\'s key is not found by hash, and no listing shows it', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await call(t, method, `/keys/${k.bMember.hash}`, k.a.management, method === 'PATCH' ? { disabled: true } : undefined);
      expect((await json<{ error: { code: number } }>(response, 404)).error.code).toBe(404);
    }
    const listed = await json<{ data: { hash: string }[] }>(await call(t, 'GET', '/keys?include_disabled=true', k.a.management), 200);
    expect(listed.data.map((key) => key.hash).sort()).toEqual([k.aAdmin.hash, k.aMember.hash, k.aPlain.hash].sort());
    expect(await json(await call(t, 'GET', `/keys?workspace_id=${k.b.id}`, k.a.management), 200)).toEqual({ data: [] });
    // B's key still works: nothing above touched it.
    expect((await call(t, 'GET', '/key', k.bMember.key)).status).toBe(200);
  });

  it('keys: a creator from another organisation is refused', async () => {
    const refused = await json<{ error: { message: string } }>(await call(t, 'POST', '/keys', k.a.management, { name: 'x', creator_user_id: k.users.bob }), 400);
    expect(refused.error.message).toMatch(/^creator_user_id: /);
  });

  it('generations: B\'s generation is not found with any of A\'s keys', async () => {
    for (const key of [k.a.management, k.aAdmin.key, k.aMember.key, k.aPlain.key]) {
      await json(await call(t, 'GET', `/generation?id=${gen.b}`, key), 404);
    }
  });

  it('activity: A\'s answers hold only A\'s rows, whatever the filters name', async () => {
    const sdk = new OpenRouter({ apiKey: k.a.management, serverURL: t.baseURL });
    const whole = await sdk.analytics.getUserActivity();
    expect(whole.data.map((row) => row.model)).toEqual([PAID_MODEL]);
    expect(whole.data.reduce((sum, row) => sum + row.requests, 0)).toBe(2);
    for (const query of [`api_key_hash=${k.bMember.hash}`, `user_id=${k.users.bob}`, `workspace_id=${k.b.id}`]) {
      expect(await json(await call(t, 'GET', `/activity?${query}`, k.a.management), 200), query).toEqual({ data: [] });
    }
    const csv = await call(t, 'GET', '/activity?format=csv', k.a.management);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(B_MODEL);
  });

  it('credits: B\'s top-up does not show in A\'s balance', async () => {
    await json(await call(t, 'POST', '/admin/credits', ADMIN_TOKEN, { account_id: k.b.id, kind: 'topup', amount: 5, idempotency_key: 'iso-b-1' }), 201);
    const a = await json<{ data: { total_credits: number } }>(await call(t, 'GET', '/credits', k.a.management), 200);
    const b = await json<{ data: { total_credits: number } }>(await call(t, 'GET', '/credits', k.b.management), 200);
    expect([a.data.total_credits, b.data.total_credits]).toEqual([0, 5]);
  });

  it('guardrails: B\'s guardrail is not found, not listed, and takes no assignments from A', async () => {
    for (const [method, route, body] of [
      ['GET', `/guardrails/${guardrailB}`, undefined],
      ['PATCH', `/guardrails/${guardrailB}`, { name: 'taken' }],
      ['DELETE', `/guardrails/${guardrailB}`, undefined],
      ['GET', `/guardrails/${guardrailB}/assignments/keys`, undefined],
      ['GET', `/guardrails/${guardrailB}/assignments/members`, undefined],
      ['POST', `/guardrails/${guardrailB}/assignments/keys`, { key_hashes: [k.aPlain.hash] }],
      ['POST', `/guardrails/${guardrailB}/assignments/members`, { member_user_ids: [k.users.mike] }],
    ] as const) {
      const response = await call(t, method, route, k.a.management, body);
      expect(response.status, `${method} ${route}`).toBe(404);
      await response.text();
    }
    expect(await json(await call(t, 'GET', '/guardrails', k.a.management), 200)).toMatchObject({ data: [], total_count: 0 });
    const assignments = await json<{ data: unknown[] }>(await call(t, 'GET', '/guardrails/assignments/keys', k.a.management), 200);
    expect(assignments.data).toEqual([]);
    // A cannot pull B's key under its own guardrail either.
    const mine = await json<{ data: { id: string } }>(await call(t, 'POST', '/guardrails', k.a.management, { name: 'A' }), 201);
    const assigned = await json<{ assigned_count: number }>(await call(t, 'POST', `/guardrails/${mine.data.id}/assignments/keys`, k.a.management, { key_hashes: [k.bMember.hash] }), 200);
    expect(assigned.assigned_count).toBe(0);
  });

  it('members: each organisation lists only its own', async () => {
    const sdk = new OpenRouter({ apiKey: k.a.management, serverURL: t.baseURL });
    const page = await sdk.organization.listMembers();
    expect(page.result.data.map((member) => [member.email, member.role])).toEqual([['alice@a.example', 'org:admin'], ['mike@a.example', 'org:member']]);
  });

  it('BYOK: B\'s provider key is not found from A', async () => {
    const created = await call(t, 'POST', '/byok', k.b.management, { provider: 'openai', key: 'sk-b-own-upstream-key', name: 'B openai' });
    const body = await json<{ data: { id: string } }>(created, 201);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await call(t, method, `/byok/${body.data.id}`, k.a.management, method === 'PATCH' ? { name: 'taken' } : undefined);
      expect(response.status, method).toBe(404);
      await response.text();
    }
    const listed = await json<{ data: unknown[] }>(await call(t, 'GET', '/byok', k.a.management), 200);
    expect(listed.data).toEqual([]);
  });
});

describe('key kinds and scopes inside an organisation', () => {
  it('management keys cannot chat; inference keys cannot manage', async () => {
    const chatBody = { model: PAID_MODEL, messages: [{ role: 'user', content: 'hi' }] };
    await json(await call(t, 'POST', '/chat/completions', k.a.management, chatBody), 403);
    const managed: readonly (readonly [string, string, unknown?])[] = [
      ['GET', '/keys'],
      ['POST', '/keys', { name: 'x' }],
      ['GET', `/keys/${k.aPlain.hash}`],
      ['PATCH', `/keys/${k.aPlain.hash}`, { disabled: true }],
      ['DELETE', `/keys/${k.aPlain.hash}`],
      ['GET', '/credits'],
      ['GET', '/guardrails'],
      ['POST', '/guardrails', { name: 'x' }],
      ['GET', '/guardrails/assignments/keys'],
      ['GET', '/byok'],
      ['GET', '/organization/members'],
      ['POST', '/auth/keys/code', { callback_url: 'https://app.example/cb' }],
    ];
    for (const key of [k.aAdmin.key, k.aMember.key, k.aPlain.key]) {
      for (const [method, route, body] of managed) {
        const response = await call(t, method, route, key, body);
        expect(response.status, `${method} ${route}`).toBe(403);
        await response.text();
      }
    }
  });

  it('a member\'s key sees its member\'s activity and generations; an admin\'s key the organisation\'s; a plain key itself', async () => {
    const requests = async (key: string) => (await json<{ data: { requests: number }[] }>(await call(t, 'GET', '/activity', key), 200)).data.reduce((sum, row) => sum + row.requests, 0);
    expect(await requests(k.aAdmin.key)).toBe(2);
    expect(await requests(k.aMember.key)).toBe(1);
    expect(await requests(k.aPlain.key)).toBe(1);
    expect(await json(await call(t, 'GET', `/activity?api_key_hash=${k.aPlain.hash}`, k.aMember.key), 200)).toEqual({ data: [] });
    await json(await call(t, 'GET', `/generation?id=${gen.aPlain}`, k.aMember.key), 404);
    await json(await call(t, 'GET', `/generation?id=${gen.aMember}`, k.aPlain.key), 404);
    await json(await call(t, 'GET', `/generation?id=${gen.aPlain}`, k.aAdmin.key), 200);
    await json(await call(t, 'GET', `/generation?id=${gen.aMember}`, k.a.management), 200);
  });
});

describe('guardrails assigned to a member', () => {
  it('apply to the keys that member created, and to no other key', async () => {
    const created = await json<{ data: { id: string } }>(await call(t, 'POST', '/guardrails', k.a.management, { name: 'Mike: B model only', allowed_models: [B_MODEL] }), 201);
    const id = created.data.id;
    await json(await call(t, 'POST', `/guardrails/${id}/assignments/members`, k.a.management, { member_user_ids: [k.users.mike] }), 200);
    const chatBody = { model: PAID_MODEL, messages: [{ role: 'user', content: 'hi' }] };
    const blocked = await json<{ error: { metadata: Record<string, unknown> } }>(await call(t, 'POST', '/chat/completions', k.aMember.key, chatBody), 403);
    expect(blocked.error.metadata).toMatchObject({ guardrail_id: id, guardrail_name: 'Mike: B model only' });
    t.upstream.next({ json: FIXTURES.openaiText() });
    await json(await call(t, 'POST', '/chat/completions', k.aPlain.key, chatBody), 200);
    await json(await call(t, 'POST', `/guardrails/${id}/assignments/members/remove`, k.a.management, { member_user_ids: [k.users.mike] }), 200);
    t.upstream.next({ json: FIXTURES.openaiText() });
    await json(await call(t, 'POST', '/chat/completions', k.aMember.key, chatBody), 200);
  });
});

describe('request bodies and prompts are not stored', () => {
  it('no table holds the prompt or the answer, and generations have no message column', async () => {
    const store = createSqliteStore({ path: t.gateway.config.server.sqlitePath });
    try {
      const columns = await sql<{ name: string }>`select name from pragma_table_info('generations')`.execute(store.db);
      expect(columns.rows.map((row) => row.name).filter((name) => /^(messages?|prompt|completion|content|body|input|output|request|response)$|_(body|text|content|messages)$/.test(name))).toEqual([]);
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db);
      const answer = (FIXTURES.openaiText() as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
      expect(answer.length).toBeGreaterThan(20);
      for (const { name } of tables.rows) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(store.db);
        const dump = JSON.stringify(rows.rows);
        expect(dump, name).not.toContain(MARKER);
        expect(dump, name).not.toContain(answer.slice(0, 20));
      }
    } finally {
      await store.close();
    }
  });
});

describe('the operator API', () => {
  it('needs the admin token and refuses bad input', async () => {
    const wrong = await call(t, 'POST', '/admin/organizations', 'not-the-token', { name: 'X' });
    expect(wrong.status).toBe(401);
    await wrong.text();
    await json(await call(t, 'POST', '/admin/organizations', k.a.management, { name: 'X' }), 401);
    await json(await call(t, 'POST', '/admin/users', ADMIN_TOKEN, { email: 'ALICE@a.example' }), 400);
    await json(await call(t, 'PUT', `/admin/organizations/${k.a.id}/members/${k.users.bob}`, ADMIN_TOKEN, { role: 'owner' }), 400);
    await json(await call(t, 'PUT', `/admin/organizations/acct_missing/members/${k.users.bob}`, ADMIN_TOKEN, { role: 'member' }), 404);
    await json(await call(t, 'PUT', `/admin/organizations/${k.a.id}/members/user_missing`, ADMIN_TOKEN, { role: 'member' }), 404);
  });

  it('a role change applies at once: a member promoted to admin sees the organisation, removed sees only the key', async () => {
    const requests = async () => (await json<{ data: { requests: number }[] }>(await call(t, 'GET', '/activity', k.aMember.key), 200)).data.reduce((sum, row) => sum + row.requests, 0);
    const before = await requests();
    const promoted = await json<{ data: { role: string } }>(await call(t, 'PUT', `/admin/organizations/${k.a.id}/members/${k.users.mike}`, ADMIN_TOKEN, { role: 'org:admin' }), 200);
    expect(promoted.data.role).toBe('org:admin');
    expect(await requests()).toBeGreaterThan(before);
    await json(await call(t, 'DELETE', `/admin/organizations/${k.a.id}/members/${k.users.mike}`, ADMIN_TOKEN), 200);
    await json(await call(t, 'DELETE', `/admin/organizations/${k.a.id}/members/${k.users.mike}`, ADMIN_TOKEN), 404);
    expect(await requests()).toBe(before);
    await json(await call(t, 'GET', `/generation?id=${gen.aMember}`, k.aMember.key), 200);
  });
});
