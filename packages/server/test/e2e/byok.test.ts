import { randomBytes } from 'node:crypto';
import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAccount } from '../support/accounts.js';
import { fakeVendors, price } from '../support/catalog.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, parseSseBody, startTestGateway, type TestGateway } from '../support/harness.js';
import { call } from '../support/http.js';

/**
 * BYOK over HTTP: an account stores its own provider key (`/byok`, management keys only); its
 * requests try that provider with that key first, ahead of `order`, then shared capacity; usage on
 * it is recorded `is_byok` and charged only the BYOK fee. The secret never comes back, and another
 * account can neither see nor use it.
 */
const OTHER_ADMIN = 'sk-sy-v1-test-byok-other-admin-0000000000000000000000000000000000000000';
const OTHER_INFERENCE = 'sk-sy-v1-test-byok-other-inference-000000000000000000000000000000000000';
const OWN_KEY = 'fw-own-key-AbCdEfGh12345678WxYz';
const MODEL = {
  id: 'bk/model',
  context_length: 32_000,
  endpoints: [
    { provider: 'together', upstream_model: 'bk-together', pricing: price(5), supported_parameters: ['max_tokens'] },
    { provider: 'fireworks', upstream_model: 'bk-fireworks', pricing: price(10), supported_parameters: ['max_tokens'] },
  ],
};
// The recorded answer's usage: 16 prompt + 363 completion tokens = 379 tokens; at $10/M on fireworks.
const UPSTREAM_COST_USD = 0.00379;
const FEE_USD = 0.00019; // 5 % of 3,790 µ$ = 189.5 µ$, rounded half up

let t: TestGateway;
let admin: OpenRouter;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    env: { SWITCHYARD_BYOK_KEY: randomBytes(32).toString('base64') },
    extraProviders: fakeVendors('together', 'fireworks'),
    config: { models: [MODEL], byok: { free_requests_per_month: 1, fee_percent: 5 } },
  });
  await seedAccount(t, {
    accountId: 'acct_byok_other',
    name: 'Other',
    keys: [
      { id: 'key_byok_other_admin', secret: OTHER_ADMIN, kind: 'provisioning' },
      { id: 'key_byok_other_inference', secret: OTHER_INFERENCE, kind: 'inference' },
    ],
  });
  admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

const ask = (openai: OpenAI) =>
  openai.chat.completions.create({ model: 'bk/model', messages: [{ role: 'user', content: 'Hi' }], provider: { order: ['together'] } } as never);

/** Which provider each upstream request went to, and with which key. */
const sent = () => t.upstream.requests.map((request) => `${request.url.split('/')[1] ?? ''} ${request.headers.authorization ?? ''}`);

async function generation(id: string) {
  const response = await call(t, 'GET', `/generation?id=${id}`, API_KEY);
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

describe('BYOK', () => {
  it('stores a key (management keys only) and never returns it; one per provider, replaced in place', async () => {
    expect((await call(t, 'POST', '/byok', API_KEY, { provider: 'fireworks', key: OWN_KEY })).status).toBe(403);
    const created = await call(t, 'POST', '/byok', PROVISIONING_KEY, { provider: 'fireworks', key: 'fw-first-key-000000000000', name: 'Mine' });
    expect(created.status).toBe(201);
    const first = ((await created.json()) as { data: { id: string; label: string } }).data;
    const replaced = await admin.byok.create({ createBYOKKeyRequest: { provider: 'fireworks', key: OWN_KEY, name: 'Mine' } });
    expect(replaced.data).toMatchObject({ id: first.id, provider: 'fireworks', label: 'fw-...WxYz', isFallback: false });
    expect((await admin.byok.get({ id: first.id })).data).toMatchObject({ id: first.id, name: 'Mine', disabled: false });
    const listed = await call(t, 'GET', '/byok', PROVISIONING_KEY);
    const text = await listed.text();
    expect(JSON.parse(text)).toMatchObject({ total_count: 1, data: [{ id: first.id, provider: 'fireworks', name: 'Mine', label: 'fw-...WxYz', disabled: false }] });
    expect(text).not.toContain(OWN_KEY.slice(3, -4));
    expect(await (await call(t, 'GET', `/byok/${first.id}`, PROVISIONING_KEY)).text()).not.toContain(OWN_KEY.slice(3, -4));
    const unsupported = await call(t, 'POST', '/byok', PROVISIONING_KEY, { provider: 'nowhere', key: 'x-key' });
    expect(unsupported.status).toBe(400);
  });

  it('serves with the own key first, ahead of `order`; the first request of the month is free, then the fee', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() }).next({ json: FIXTURES.openaiText() });
    const free = await ask(client);
    const charged = await ask(client);
    expect(sent()).toEqual([`fireworks Bearer ${OWN_KEY}`, `fireworks Bearer ${OWN_KEY}`]);
    expect(free.usage).toMatchObject({ cost: 0, is_byok: true, cost_details: { upstream_inference_cost: UPSTREAM_COST_USD } });
    expect(charged.usage).toMatchObject({ cost: FEE_USD, is_byok: true, cost_details: { upstream_inference_cost: UPSTREAM_COST_USD } });
    expect(await generation(charged.id)).toMatchObject({ is_byok: true, total_cost: FEE_USD, upstream_inference_cost: UPSTREAM_COST_USD, provider_name: 'Fireworks' });
    // GET /key: BYOK usage is the provider's cost of those requests; the fee is the key's own spend.
    const key = ((await (await call(t, 'GET', '/key', API_KEY)).json()) as { data: Record<string, number> }).data;
    expect(key['byok_usage']).toBeCloseTo(2 * UPSTREAM_COST_USD, 9);
    expect(key['usage']).toBeCloseTo(FEE_USD, 9);
  });

  it('streams with the own key and reports the BYOK usage in the usage chunk', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), headers: { 'content-type': 'text/event-stream' } });
    const response = await call(t, 'POST', '/chat/completions', API_KEY, {
      model: 'bk/model',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      provider: { order: ['together'] },
    });
    const { data } = parseSseBody(await response.text());
    const usage = (data.at(-1) as { usage: Record<string, unknown> }).usage;
    expect(usage).toMatchObject({ is_byok: true });
    expect(sent()).toEqual([`fireworks Bearer ${OWN_KEY}`]);
  });

  it('falls back to shared capacity when the provider refuses the own key (401)', async () => {
    t.upstream.next({ status: 401, json: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    t.upstream.next({ json: FIXTURES.openaiText() });
    const completion = await ask(client);
    expect(sent()).toEqual([`fireworks Bearer ${OWN_KEY}`, 'together Bearer upstream-together']);
    expect(completion.usage).toMatchObject({ is_byok: false, cost_details: { upstream_inference_cost: null } });
    expect(await generation(completion.id)).toMatchObject({
      is_byok: false,
      provider_name: 'Together',
      provider_responses: [
        { provider_name: 'Fireworks', status: 401, is_byok: true },
        { provider_name: 'Together', status: 200, is_byok: false },
      ],
    });
  });

  it('another account can neither see, change nor use the key', async () => {
    const [own] = ((await (await call(t, 'GET', '/byok', PROVISIONING_KEY)).json()) as { data: { id: string }[] }).data;
    if (own === undefined) throw new Error('the key stored above is missing');
    expect(await (await call(t, 'GET', '/byok', OTHER_ADMIN)).json()).toEqual({ data: [], total_count: 0 });
    expect((await call(t, 'GET', `/byok/${own.id}`, OTHER_ADMIN)).status).toBe(404);
    expect((await call(t, 'PATCH', `/byok/${own.id}`, OTHER_ADMIN, { disabled: true })).status).toBe(404);
    expect((await call(t, 'DELETE', `/byok/${own.id}`, OTHER_ADMIN)).status).toBe(404);
    t.upstream.next({ json: FIXTURES.openaiText() });
    const other = await ask(new OpenAI({ apiKey: OTHER_INFERENCE, baseURL: t.baseURL, maxRetries: 0 }));
    expect(sent()).toEqual(['together Bearer upstream-together']);
    expect(other.usage).toMatchObject({ is_byok: false });
  });

  it('a disabled or deleted key is no longer used', async () => {
    const [own] = ((await (await call(t, 'GET', '/byok', PROVISIONING_KEY)).json()) as { data: { id: string }[] }).data;
    if (own === undefined) throw new Error('the key stored above is missing');
    const patched = await call(t, 'PATCH', `/byok/${own.id}`, PROVISIONING_KEY, { disabled: true });
    expect(await patched.json()).toMatchObject({ data: { id: own.id, disabled: true } });
    t.upstream.next({ json: FIXTURES.openaiText() });
    await ask(client);
    expect(await admin.byok.delete({ id: own.id })).toEqual({ deleted: true });
    t.upstream.next({ json: FIXTURES.openaiText() });
    await ask(client);
    expect(sent()).toEqual(['together Bearer upstream-together', 'together Bearer upstream-together']);
    expect((await call(t, 'GET', `/byok/${own.id}`, PROVISIONING_KEY)).status).toBe(404);
  });
});

describe('BYOK without SWITCHYARD_BYOK_KEY', () => {
  it('starts normally and answers /byok writes with a 400 naming the variable', async () => {
    const plain = await startTestGateway();
    try {
      const response = await call(plain, 'POST', '/byok', PROVISIONING_KEY, { provider: 'openai', key: 'sk-anything' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 400, message: expect.stringContaining('SWITCHYARD_BYOK_KEY'), metadata: { reason: 'byok_disabled' } } });
      const listed = await call(plain, 'GET', '/byok', PROVISIONING_KEY);
      expect(await listed.json()).toEqual({ data: [], total_count: 0 });
    } finally {
      await plain.close();
    }
  });
});
