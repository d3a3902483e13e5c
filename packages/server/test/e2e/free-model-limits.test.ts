import OpenAI from 'openai';
import { describeWithService, probeTcp, TEST_REDIS_URL } from '@switchyard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Free-model limits (OpenRouter §6): requests whose every endpoint is free are capped per account
 * at 20 a minute and 200 a day (1000 once the account bought $10 of credits); paid requests are not.
 * A 429 carries OpenRouter's message, `metadata.headers` X-RateLimit-* and a Retry-After header.
 */
const MODELS = [
  { id: 'fl/chat', context_length: 8000, endpoints: [{ provider: 'openai', upstream_model: 'gpt-4o-mini', pricing: { prompt: '0', completion: '0' } }] },
  { id: 'fl/paid', context_length: 8000, endpoints: [{ provider: 'openai', upstream_model: 'gpt-4o', pricing: { prompt: '0.000001', completion: '0.000002' } }] },
];
const MINUTE = 60_000;

async function startLimited(config: Record<string, unknown> = {}): Promise<{ t: TestGateway; client: OpenAI }> {
  const t = await startTestGateway({ config: { models: MODELS, ...config } });
  t.upstream.always({ json: FIXTURES.openaiText() });
  return { t, client: new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 }) };
}

/** Starts a run of requests early in a minute, so they all fall into the same one-minute window. */
async function atStartOfMinute(): Promise<void> {
  const left = MINUTE - (Date.now() % MINUTE);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const ask = (client: OpenAI, model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });

async function rateLimitError(request: Promise<unknown>): Promise<InstanceType<typeof OpenAI.RateLimitError>> {
  const error = await request.then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof OpenAI.RateLimitError)) throw new Error(`expected a 429, got ${String(error)}`);
  return error;
}

async function keyInfo(t: TestGateway): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.baseURL}/key`, { headers: { authorization: `Bearer ${API_KEY}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

describe('free-model limits (in-process counters)', () => {
  let t: TestGateway;
  let client: OpenAI;
  beforeAll(async () => ({ t, client } = await startLimited()));
  afterAll(async () => t.close());

  it('refuses the 21st free request of a minute with 429, X-RateLimit-* metadata and Retry-After', async () => {
    await atStartOfMinute();
    for (let i = 0; i < 20; i++) expect((await ask(client, i % 2 === 0 ? 'fl/chat' : 'fl/chat:free')).choices).toHaveLength(1);
    const before = t.upstream.requests.length;
    const error = await rateLimitError(ask(client, 'fl/chat'));
    expect(t.upstream.requests).toHaveLength(before);
    expect(error.message).toContain('Rate limit exceeded: free-models-per-min');
    const body = error.error as { message: string; metadata: { headers: Record<string, string> } };
    const reset = Number(body.metadata.headers['X-RateLimit-Reset']);
    expect(body.metadata.headers).toMatchObject({ 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0' });
    expect(reset % MINUTE).toBe(0);
    expect(reset).toBeGreaterThan(Date.now());
    const retryAfter = Number(error.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('does not limit paid requests, even after the free quota is used up', async () => {
    for (let i = 0; i < 25; i++) expect((await ask(client, 'fl/paid')).choices).toHaveLength(1);
  });

  it('reports the free tier and the daily free-model quota in GET /key', async () => {
    const data = await keyInfo(t);
    expect(data['is_free_tier']).toBe(true);
    expect(data['free_model_daily_requests']).toEqual({ limit: 200, remaining: 180, used: 20 });
    expect(data['rate_limit']).toMatchObject({ requests: -1 });
  });
});

describe('configured limits', () => {
  let t: TestGateway;
  let client: OpenAI;
  beforeAll(async () => ({ t, client } = await startLimited({ rate_limits: { requests_per_minute: 4, free_models: { requests_per_day: 2 } } })));
  afterAll(async () => t.close());

  it('applies the configured daily free quota and per-key rate (which counts every request of the key)', async () => {
    await atStartOfMinute();
    await ask(client, 'fl/chat');
    await ask(client, 'fl/chat');
    const daily = await rateLimitError(ask(client, 'fl/chat'));
    expect(daily.message).toContain('Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day');
    expect((daily.error as { metadata: { headers: Record<string, string> } }).metadata.headers['X-RateLimit-Limit']).toBe('2');
    expect((await ask(client, 'fl/paid')).choices).toHaveLength(1);
    const perKey = await rateLimitError(ask(client, 'fl/paid'));
    expect(perKey.message).toContain('Rate limit exceeded: requests-per-min');
    expect((await keyInfo(t))['rate_limit']).toMatchObject({ requests: 4, interval: '1m' });
  });
});

describeWithService('Redis', await probeTcp(TEST_REDIS_URL), () => {
  describe('free-model limits shared through Redis', () => {
    const storage = { redis_url: TEST_REDIS_URL, redis_key_prefix: `switchyard-e2e-${process.pid}-${Date.now()}:` };
    let gateways: { t: TestGateway; client: OpenAI }[] = [];
    beforeAll(async () => {
      gateways = await Promise.all([startLimited({ storage }), startLimited({ storage })]);
    });
    afterAll(async () => {
      await Promise.all(gateways.map(({ t }) => t.close()));
    });

    it('counts free requests of both gateways against one quota', async () => {
      const [a, b] = gateways;
      if (a === undefined || b === undefined) throw new Error('gateways did not start');
      await atStartOfMinute();
      for (let i = 0; i < 10; i++) {
        await ask(a.client, 'fl/chat');
        await ask(b.client, 'fl/chat');
      }
      const error = await rateLimitError(ask(b.client, 'fl/chat'));
      expect(error.message).toContain('free-models-per-min');
      expect((await rateLimitError(ask(a.client, 'fl/chat'))).status).toBe(429);
      expect((await keyInfo(a.t))['free_model_daily_requests']).toEqual({ limit: 200, remaining: 180, used: 20 });
      expect((await ask(a.client, 'fl/paid')).choices).toHaveLength(1);
    });
  });
});
