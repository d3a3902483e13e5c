import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { price } from '../support/catalog.js';
import { PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { call, callJson } from '../support/http.js';

/**
 * Guardrail budgets are reserved through the ledger with each request's credit hold: concurrent
 * requests cannot overrun them, the refusal is a 403 naming the guardrail before any upstream call,
 * and only spend made under the guardrail counts. `/keys` and `GET /key` report a key's spend and
 * remaining limit identically, in-flight holds included.
 */
const MODEL = 'gb/llama';
const MODELS = [{ id: MODEL, context_length: 32_000, endpoints: [{ provider: 'together', upstream_model: 'llama-together', pricing: price(1) }] }];
/** What the fake upstream answers: 16 prompt + 363 completion tokens, 379 µ$ at $1/M. */
const ANSWER_MICRO = 379;

let t: TestGateway;
let admin: OpenRouter;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (url) => [{ id: 'together', base_url: `${url}/together/v1`, api_key: 'upstream-together', timeout_ms: 10_000 }],
    config: { models: MODELS, health: { breaker_failure_threshold: 1000, recent_min_failures: 1000 } },
  });
  admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

interface NewKey {
  readonly secret: string;
  readonly hash: string;
}

async function createKey(name: string, limit?: number): Promise<NewKey> {
  const created = await admin.apiKeys.create({ requestBody: { name, ...(limit === undefined ? {} : { limit, limitReset: 'daily' as const }) } });
  return { secret: created.key, hash: created.data.hash };
}

async function guardrailFor(keys: readonly NewKey[], limitUsd: number): Promise<string> {
  const { data } = await admin.guardrails.create({ createGuardrailRequest: { name: `Budget ${String(limitUsd)}`, limitUsd, resetInterval: 'daily' } });
  await admin.guardrails.bulkAssignKeys({ id: data.id, bulkAssignKeysRequest: { keyHashes: keys.map((key) => key.hash) } });
  return data.id;
}

interface ChatAnswer {
  readonly status: number;
  readonly error: { code: number; message: string; metadata?: Record<string, unknown> } | undefined;
}

async function chat(secret: string): Promise<ChatAnswer> {
  const { status, json } = await callJson(t, 'POST', '/chat/completions', secret, { model: MODEL, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 100 });
  return { status, error: json['error'] as ChatAnswer['error'] };
}

/** The most one request may cost (what it reserves), read from a guardrail that allows nothing. */
async function reservedPerRequest(): Promise<number> {
  const probe = await createKey('probe');
  const id = await guardrailFor([probe], 0);
  const refused = await chat(probe.secret);
  await admin.guardrails.delete({ id });
  expect(refused.status).toBe(403);
  expect(t.upstream.requests).toHaveLength(0);
  return Math.round(Number(refused.error?.metadata?.['required_usd']) * 1e6);
}

describe('guardrail budgets through the ledger', () => {
  it('concurrent requests from several keys against a budget that fits 3: exactly 3 reach the upstream', async () => {
    const perRequest = await reservedPerRequest();
    expect(perRequest).toBeGreaterThan(0);
    const keys = [await createKey('budget a'), await createKey('budget b')];
    const id = await guardrailFor(keys, (3 * perRequest) / 1e6);
    t.upstream.always({ json: FIXTURES.openaiText(), delayMs: 300 });
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => chat(keys[n % 2]?.secret ?? '')));
      expect(t.upstream.requests).toHaveLength(3);
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
      const refused = answers.filter((answer) => answer.status === 403);
      expect(refused).toHaveLength(7);
      for (const answer of refused) {
        expect(answer.error?.message).toContain(`Budget ${String((3 * perRequest) / 1e6)}`);
        expect(answer.error?.metadata).toMatchObject({ guardrail_id: id, blocked: { budget: true }, limit_source: 'openrouter_guardrail_budget' });
      }
      // The three settled above their reservation (the upstream ignores max_tokens): the budget is spent.
      t.upstream.reset();
      expect((await chat(keys[0]?.secret ?? '')).status).toBe(403);
      expect(t.upstream.requests).toHaveLength(0);
    } finally {
      t.upstream.always({ status: 500, json: { error: { message: 'fake upstream: nothing scripted' } } });
      await admin.guardrails.delete({ id });
    }
  });

  it('counts spend from the assignment on; a raised limit or an unassignment applies at once', async () => {
    const perRequest = await reservedPerRequest();
    const key = await createKey('history');
    t.upstream.next({ json: FIXTURES.openaiText() });
    expect((await chat(key.secret)).status).toBe(200);
    // The key spent 379 µ$ before: a budget of one reservation still lets one request through.
    const id = await guardrailFor([key], perRequest / 1e6);
    t.upstream.next({ json: FIXTURES.openaiText() });
    expect((await chat(key.secret)).status).toBe(200);
    const spent = await chat(key.secret);
    expect(spent.status).toBe(403);
    expect(spent.error?.metadata).toMatchObject({ guardrail_id: id, limit_usd: perRequest / 1e6, spend_usd: ANSWER_MICRO / 1e6 });
    // Streaming too: refused before the stream opens, as a plain JSON 403.
    const streamed = await call(t, 'POST', '/chat/completions', key.secret, { model: MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 100 });
    expect(streamed.status).toBe(403);
    expect(streamed.headers.get('content-type')).toContain('application/json');
    expect(((await streamed.json()) as { error?: { metadata?: unknown } }).error?.metadata).toMatchObject({ guardrail_id: id, blocked: { budget: true } });
    await admin.guardrails.update({ id, updateGuardrailRequest: { limitUsd: 1 } });
    t.upstream.next({ json: FIXTURES.openaiText() });
    expect((await chat(key.secret)).status).toBe(200);
    await admin.guardrails.update({ id, updateGuardrailRequest: { limitUsd: 0 } });
    expect((await chat(key.secret)).status).toBe(403);
    await admin.guardrails.bulkUnassignKeys({ id, bulkUnassignKeysRequest: { keyHashes: [key.hash] } });
    t.upstream.next({ json: FIXTURES.openaiText() });
    expect((await chat(key.secret)).status).toBe(200);
    await admin.guardrails.delete({ id });
  });
});

const USAGE_FIELDS = [
  'limit',
  'limit_remaining',
  'limit_reset',
  'include_byok_in_limit',
  'usage',
  'usage_daily',
  'usage_weekly',
  'usage_monthly',
  'byok_usage',
  'byok_usage_daily',
  'byok_usage_weekly',
  'byok_usage_monthly',
] as const;

async function bothViews(key: NewKey): Promise<[Record<string, unknown>, Record<string, unknown>]> {
  const get = async (route: string, secret: string) => {
    const { status, json } = await callJson(t, 'GET', route, secret);
    expect(status).toBe(200);
    const data = json['data'] as Record<string, unknown>;
    return Object.fromEntries(USAGE_FIELDS.map((field) => [field, data[field]]));
  };
  return Promise.all([get('/key', key.secret), get(`/keys/${key.hash}`, PROVISIONING_KEY)]);
}

describe('/keys and GET /key agree', () => {
  it('report the same spend and remaining limit, with a request in flight and after it settled', async () => {
    const perRequest = await reservedPerRequest();
    const key = await createKey('agreeing', 1);
    t.upstream.next({ json: FIXTURES.openaiText() });
    expect((await chat(key.secret)).status).toBe(200);
    const [current, managed] = await bothViews(key);
    expect(managed).toEqual(current);
    expect(current).toMatchObject({ limit: 1, usage: ANSWER_MICRO / 1e6, usage_daily: ANSWER_MICRO / 1e6, limit_remaining: (1e6 - ANSWER_MICRO) / 1e6 });

    t.upstream.reset();
    t.upstream.next({ json: FIXTURES.openaiText(), delayMs: 400 });
    const inFlight = chat(key.secret);
    await expect.poll(() => t.upstream.requests.length, { timeout: 2_000, interval: 10 }).toBe(1);
    const [during, duringManaged] = await bothViews(key);
    expect(duringManaged).toEqual(during);
    expect(during['limit_remaining']).toBe((1e6 - ANSWER_MICRO - perRequest) / 1e6);
    expect((await inFlight).status).toBe(200);

    const [after, afterManaged] = await bothViews(key);
    expect(afterManaged).toEqual(after);
    expect(after).toMatchObject({ usage: (2 * ANSWER_MICRO) / 1e6, limit_remaining: (1e6 - 2 * ANSWER_MICRO) / 1e6 });
  });
});
