import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@switchyard/test-support';
import { getData } from '../support/fault-harness.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

const spec = createSpecValidator('openrouter');
const PROVIDERS_SCHEMA = '#/paths/~1providers/get/responses/200/content/application~1json/schema';
const ZDR_SCHEMA = '#/paths/~1endpoints~1zdr/get/responses/200/content/application~1json/schema';

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway();
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${t.baseURL}${path}`);
  expect(response.status).toBe(200);
  return response.json();
}

type PublicEndpoint = Record<string, unknown>;
const endpointsOf = async (model: string) => (await getData<{ endpoints: PublicEndpoint[] }>(t, `/models/${model}/endpoints`)).endpoints;

describe('GET /providers', () => {
  it('lists the enabled providers with their policy links, headquarters and data policy', async () => {
    const body = (await getJson('/providers')) as { data: Record<string, unknown>[] };
    expect(spec.errors(PROVIDERS_SCHEMA, body)).toEqual([]);
    expect(body.data.map((provider) => provider['slug']).sort()).toEqual(['anthropic', 'google-ai-studio', 'groq', 'openai']);
    const openai = body.data.find((provider) => provider['slug'] === 'openai');
    expect(openai).toMatchObject({
      name: 'OpenAI',
      headquarters: 'US',
      privacy_policy_url: 'https://openai.com/policies/privacy-policy/',
      status_page_url: 'https://status.openai.com',
      data_policy: { training: false, retains_prompts: true, zdr: false },
    });
  });
});

describe('GET /endpoints/zdr', () => {
  it('lists exactly the zero-data-retention endpoints, as PublicEndpoints', async () => {
    const body = (await getJson('/endpoints/zdr')) as { data: PublicEndpoint[] };
    expect(spec.errors(ZDR_SCHEMA, body)).toEqual([]);
    expect(body.data.length).toBeGreaterThan(0);
    for (const endpoint of body.data) expect(endpoint['data_policy']).toMatchObject({ zdr: true });
    expect(new Set(body.data.map((endpoint) => endpoint['tag']))).toEqual(new Set(['groq']));
  });
});

describe('GET /models/{author}/{slug}/endpoints: live health', () => {
  it('shows no figures for an endpoint nobody used: status 0, breaker closed, nulls', async () => {
    const [endpoint] = await endpointsOf('anthropic/claude-haiku-4.5');
    expect(endpoint).toMatchObject({
      status: 0,
      breaker_state: 'closed',
      uptime_last_5m: null,
      uptime_last_30m: null,
      uptime_last_1d: null,
      latency_last_30m: null,
      throughput_last_30m: null,
    });
  });

  it('after traffic: uptime from successes and failures, time-to-first-token latency and throughput percentiles', async () => {
    t.upstream.next({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } });
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 8000, chunkDelayMs: 5, delayMs: 30 });
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const chunk of stream) expect(chunk.object).toBe('chat.completion.chunk');
    const endpoint = (await endpointsOf('openai/gpt-4o-mini')).find((e) => e['tag'] === 'openai');
    expect([endpoint?.['uptime_last_5m'], endpoint?.['uptime_last_30m'], endpoint?.['uptime_last_1d']]).toEqual([50, 50, 50]);
    const latency = endpoint?.['latency_last_30m'] as { p50: number; p75: number; p90: number; p99: number };
    expect(latency.p50).toBeGreaterThanOrEqual(30);
    expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
    const throughput = endpoint?.['throughput_last_30m'] as { p50: number };
    expect(throughput.p50).toBeGreaterThan(0);
    expect(endpoint?.['status']).toBe(0);
  });
});
