import { createSpecValidator } from '@switchyard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../support/accounts.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { callJson } from '../support/http.js';

const spec = createSpecValidator('openrouter');
let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => t.close());

const call = (method: string, route: string, key: string | undefined, body?: unknown) => callJson(t, method, route, key, body);

const ids = (json: Record<string, unknown>) => (json['data'] as { id: string }[]).map((model) => model.id);

describe('GET /models/user', () => {
  it('needs a key; without preferences or guardrails it lists every catalog model, valid against the spec', async () => {
    expect((await call('GET', '/models/user', undefined)).status).toBe(401);
    const { status, json } = await call('GET', '/models/user', API_KEY);
    expect(status).toBe(200);
    expect(spec.errors('ModelsListResponse', json)).toEqual([]);
    const all = ids((await call('GET', '/models', API_KEY)).json).filter((id) => !id.startsWith('openrouter/'));
    expect(ids(json).sort()).toEqual(all.sort());
    expect(json['total_count']).toBe(all.length);
  });

  it('a guardrail assigned to the key narrows the list to the providers and models it allows', async () => {
    const created = await call('POST', '/guardrails', PROVISIONING_KEY, { name: 'Anthropic only', allowed_providers: ['anthropic'] });
    const id = (created.json['data'] as { id: string }).id;
    const hash = sha256(API_KEY);
    expect((await call('POST', `/guardrails/${id}/assignments/keys`, PROVISIONING_KEY, { key_hashes: [hash] })).status).toBe(200);
    const { json } = await call('GET', '/models/user', API_KEY);
    expect(spec.errors('ModelsListResponse', json)).toEqual([]);
    expect(ids(json)).toContain('anthropic/claude-sonnet-4.5');
    expect(ids(json).every((model) => model.startsWith('anthropic/'))).toBe(true);

    await call('PATCH', `/guardrails/${id}`, PROVISIONING_KEY, { allowed_providers: null, allowed_models: ['openai/gpt-4o-mini'] });
    expect(ids((await call('GET', '/models/user', API_KEY)).json)).toEqual(['openai/gpt-4o-mini']);
    await call('DELETE', `/guardrails/${id}`, PROVISIONING_KEY);
  });

  it('pages with offset and limit; a bad limit is a 400 naming it', async () => {
    const whole = ids((await call('GET', '/models/user', API_KEY)).json);
    const page = await call('GET', '/models/user?offset=1&limit=2', API_KEY);
    expect(ids(page.json)).toEqual(whole.slice(1, 3));
    expect(page.json['total_count']).toBe(whole.length);
    const bad = await call('GET', '/models/user?limit=0', API_KEY);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 400, metadata: { field: 'limit' } } });
  });
});
