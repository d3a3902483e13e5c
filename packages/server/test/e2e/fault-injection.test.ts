import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refusingUrl, type Scripted } from '@switchyard/test-support';
import { attemptsOf, GenerationLog, getData, keyUsage, ProviderScripts } from '../support/fault-harness.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, parseSseBody, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Fault injection through the real server: loopback providers that refuse connections, hang, fail
 * with 500 / 429 / 529, reset the connection before or during a stream, answer with nothing, or
 * reject the prompt as too long. For each: what the client sees, which providers were called how
 * often, what was billed, and what the generation record holds.
 *
 * Every model below has a primary endpoint and a backup on Fireworks; `provider.order` pins the
 * order, so the cases do not depend on the default (weighted) strategy. The breaker and "recently
 * failing" are set out of reach here (load-breaker.test.ts covers them); retries: one per endpoint.
 */
const PRICES = {
  primary: { prompt: '0.000001', completion: '0.000002' },
  backup: { prompt: '0.000002', completion: '0.000004' },
};
/** The recorded OpenAI answer: 16 prompt and 363 completion tokens. */
const BACKUP_COST = 16 * 0.000002 + 363 * 0.000004;
const PRIMARY_COST = 16 * 0.000001 + 363 * 0.000002;

function model(id: string, primary: string, upstream: string) {
  return {
    id,
    context_length: 8192,
    endpoints: [
      { provider: primary, upstream_model: upstream, pricing: PRICES.primary },
      { provider: 'fireworks', upstream_model: 'backup-model', pricing: PRICES.backup },
    ],
  };
}

let t: TestGateway;
let client: OpenAI;
let scripts: ProviderScripts;
let log: GenerationLog;

beforeAll(async () => {
  const refused = await refusingUrl();
  t = await startTestGateway({
    keepaliveMs: 5000,
    extraProviders: (url) => [
      { id: 'together', base_url: `${url}/together/v1`, api_key: 'upstream-together', timeout_ms: 1000 },
      { id: 'fireworks', base_url: `${url}/fireworks/v1`, api_key: 'upstream-fireworks', timeout_ms: 1000 },
      { id: 'mistral', base_url: `${refused}/v1`, api_key: 'upstream-mistral', timeout_ms: 1000 },
    ],
    config: {
      retry: { max_retries_per_endpoint: 1, base_delay_ms: 10, max_delay_ms: 50, max_retry_after_ms: 1500, request_deadline_ms: 4000 },
      health: { breaker_failure_threshold: 1000, recent_min_failures: 1000 },
      models: [
        model('switchyard-test/faulty', 'together', 'primary-model'),
        model('switchyard-test/refused', 'mistral', 'primary-model'),
        model('switchyard-test/overloaded', 'anthropic', 'claude-primary'),
        {
          id: 'switchyard-test/long',
          context_length: 131_072,
          endpoints: [{ provider: 'together', upstream_model: 'long-context-model', pricing: PRICES.primary }],
        },
      ],
    },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
  scripts = new ProviderScripts(t, (provider) =>
    provider === 'anthropic' ? { json: FIXTURES.anthropicText() } : { json: FIXTURES.openaiText() },
  );
  log = GenerationLog.open(t);
});
afterAll(async () => {
  await log.close();
  await t.close();
});
beforeEach(async () => {
  scripts.reset();
  await log.skipExisting();
});

const ORDER: Record<string, string[]> = {
  'switchyard-test/faulty': ['together', 'fireworks'],
  'switchyard-test/refused': ['mistral', 'fireworks'],
  'switchyard-test/overloaded': ['anthropic', 'fireworks'],
};

type Served = OpenAI.ChatCompletion & { provider: string };

async function ask(modelId = 'switchyard-test/faulty'): Promise<Served> {
  // `provider` is OpenRouter's routing extension, unknown to the openai SDK's types.
  const body = { model: modelId, messages: [{ role: 'user', content: 'hi' }], provider: { order: ORDER[modelId] } };
  return (await client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming)) as Served;
}

const cost = (completion: { usage?: unknown }) => (completion.usage as { cost: number }).cost;
const status500: Scripted = { status: 500, json: { error: { message: 'internal error', type: 'server_error' } } };
const tooLong: Scripted = {
  status: 400,
  json: { error: { message: "This model's maximum context length is 8192 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } },
};

/** Asserts the spend moved by `expected` USD while `run` ran, and returns what `run` returned. */
async function billed<T>(expected: number, run: () => Promise<T>): Promise<T> {
  const before = await keyUsage(t);
  const result = await run();
  expect(await keyUsage(t)).toBeCloseTo(before + expected, 9);
  return result;
}

describe('fault injection: the backup serves, and only the served attempt is billed', () => {
  it('a refused connection is retried once, then the backup serves', async () => {
    const completion = await billed(BACKUP_COST, () => ask('switchyard-test/refused'));
    expect(completion.choices[0]?.message.content).toContain('Galaxy Day');
    expect(completion.provider).toBe('Fireworks');
    expect(cost(completion)).toBeCloseTo(BACKUP_COST, 9);
    expect(scripts.calls()).toEqual({ fireworks: 1 });
    const record = await log.latest(t);
    expect(attemptsOf(record)).toEqual([
      ['Mistral', 502, 'upstream_unavailable'],
      ['Mistral', 502, 'upstream_unavailable'],
      ['Fireworks', 200, null],
    ]);
    expect(record['total_cost']).toBeCloseTo(BACKUP_COST, 9);
  });

  it('a provider that hangs past its timeout is retried, then the backup serves within the request deadline', async () => {
    scripts.next('together', { silent: true }, { silent: true });
    const completion = await billed(BACKUP_COST, () => ask());
    expect(completion.provider).toBe('Fireworks');
    expect(scripts.calls()).toEqual({ together: 2, fireworks: 1 });
    const record = await log.latest(t);
    expect(attemptsOf(record)).toEqual([
      ['Together', 408, 'upstream_timeout'],
      ['Together', 408, 'upstream_timeout'],
      ['Fireworks', 200, null],
    ]);
    const latencies = (record['provider_responses'] as { latency: number }[]).map((a) => a.latency);
    expect(latencies[0]).toBeGreaterThanOrEqual(950);
    expect(latencies[1]).toBeGreaterThanOrEqual(950);
  });

  it('a 500 is retried once on the same endpoint, then the backup serves', async () => {
    scripts.next('together', status500, status500);
    const completion = await billed(BACKUP_COST, () => ask());
    expect(completion.provider).toBe('Fireworks');
    expect(scripts.calls()).toEqual({ together: 2, fireworks: 1 });
    const record = await log.latest(t);
    expect(attemptsOf(record)).toEqual([
      ['Together', 500, 'upstream_unavailable'],
      ['Together', 500, 'upstream_unavailable'],
      ['Fireworks', 200, null],
    ]);
    const messages = (record['provider_responses'] as { error_message: string | null }[]).map((a) => a.error_message);
    expect(messages[0]).toContain('internal error');
  });

  it('a 429 with a short Retry-After is waited for and retried on the same endpoint', async () => {
    scripts.next('together', { status: 429, headers: { 'retry-after': '1' }, json: { error: { message: 'slow down', type: 'rate_limit' } } });
    const started = Date.now();
    const completion = await billed(PRIMARY_COST, () => ask());
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(completion.provider).toBe('Together');
    expect(scripts.calls()).toEqual({ together: 2 });
    expect(attemptsOf(await log.latest(t))).toEqual([
      ['Together', 429, 'upstream_rate_limited'],
      ['Together', 200, null],
    ]);
  });

  it('a 429 with a long Retry-After moves on to the backup at once', async () => {
    scripts.next('together', { status: 429, headers: { 'retry-after': '30' }, json: { error: { message: 'slow down', type: 'rate_limit' } } });
    const started = Date.now();
    const completion = await billed(BACKUP_COST, () => ask());
    expect(Date.now() - started).toBeLessThan(900);
    expect(completion.provider).toBe('Fireworks');
    expect(scripts.calls()).toEqual({ together: 1, fireworks: 1 });
    expect(attemptsOf(await log.latest(t))).toEqual([
      ['Together', 429, 'upstream_rate_limited'],
      ['Fireworks', 200, null],
    ]);
  });

  it("Anthropic's 529 overloaded_error is retried on the same endpoint, which then serves", async () => {
    scripts.next('anthropic', { status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    const before = await keyUsage(t);
    const completion = await ask('switchyard-test/overloaded');
    expect(completion.provider).toBe('Anthropic');
    expect(cost(completion)).toBeGreaterThan(0);
    expect(await keyUsage(t)).toBeCloseTo(before + cost(completion), 9);
    expect(scripts.calls()).toEqual({ anthropic: 2 });
    const record = await log.latest(t);
    expect(attemptsOf(record)).toEqual([
      ['Anthropic', 529, 'upstream_overloaded'],
      ['Anthropic', 200, null],
    ]);
    expect(record['total_cost']).toBeCloseTo(cost(completion), 9);
  });

  it('a connection reset before any answer is retried, then the backup serves', async () => {
    scripts.next('together', { resetConnection: true }, { resetConnection: true });
    const completion = await billed(BACKUP_COST, () => ask());
    expect(completion.provider).toBe('Fireworks');
    expect(scripts.calls()).toEqual({ together: 2, fireworks: 1 });
    expect(attemptsOf(await log.latest(t))).toEqual([
      ['Together', 502, 'upstream_unavailable'],
      ['Together', 502, 'upstream_unavailable'],
      ['Fireworks', 200, null],
    ]);
  });
});

describe('fault injection: failures the client sees, billed nothing', () => {
  it('a reset in the middle of a stream ends it with an error chunk; no fallback, no charge, the record says why', async () => {
    scripts.next('together', { body: FIXTURES.openaiTextStream(), chunkSize: 300, chunkDelayMs: 5, destroyAfterBytes: 1500 });
    const before = await keyUsage(t);
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'switchyard-test/faulty', messages: [{ role: 'user', content: 'hi' }], stream: true, provider: { order: ['together', 'fireworks'] } }),
    });
    expect(response.status).toBe(200);
    const { data, done } = parseSseBody(await response.text());
    const last = data.at(-1) as { error: { code: number }; choices: { finish_reason: string }[] };
    expect(last.error.code).toBe(502);
    expect(last.choices[0]?.finish_reason).toBe('error');
    expect(done).toBe(true);
    expect(scripts.calls()).toEqual({ together: 1 });
    expect(await keyUsage(t)).toBe(before);
    const record = await log.latest(t);
    expect(record['id']).toBe(response.headers.get('x-generation-id'));
    expect([record['status'], record['finish_reason'], record['error_code'], record['total_cost']]).toEqual(['error', 'error', 'upstream_unavailable', 0]);
    expect(attemptsOf(record)).toEqual([['Together', 200, 'upstream_unavailable']]);
  });

  it('an empty completion (no output tokens) is served as it is, and not charged', async () => {
    const empty = FIXTURES.openaiText() as { choices: { message: { content: string } }[]; usage: Record<string, unknown> };
    const first = empty.choices[0];
    if (first !== undefined) first.message.content = '';
    empty.usage = { ...empty.usage, completion_tokens: 0, total_tokens: 16 };
    scripts.next('together', { json: empty });
    const completion = await billed(0, () => ask());
    expect(completion.choices[0]?.message.content).toBe('');
    expect(cost(completion)).toBe(0);
    expect(scripts.calls()).toEqual({ together: 1 });
    const record = await log.latest(t);
    expect([record['status'], record['tokens_completion'], record['total_cost']]).toEqual(['success', 0, 0]);
  });

  it('a prompt too long for every endpoint → 400 context_length_exceeded after trying each once, not charged', async () => {
    scripts.next('together', tooLong).next('fireworks', tooLong);
    const error = await billed(0, () => ask().catch((e: unknown) => e));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const body = (error as InstanceType<typeof OpenAI.BadRequestError>).error as { metadata: { error_type: string } };
    expect(body.metadata.error_type).toBe('context_length_exceeded');
    expect(scripts.calls()).toEqual({ together: 1, fireworks: 1 });
    const record = await log.latest(t);
    expect([record['status'], record['error_code'], record['total_cost'], record['provider_name']]).toEqual(['error', 'context_length_exceeded', 0, null]);
    expect(attemptsOf(record)).toEqual([
      ['Together', 400, 'context_length_exceeded'],
      ['Fireworks', 400, 'context_length_exceeded'],
    ]);
  });

  it('a prompt too long for the model falls back to the larger model in `models`, which serves and is billed', async () => {
    scripts.next('together', tooLong).next('fireworks', tooLong);
    const body = {
      model: 'switchyard-test/faulty',
      models: ['switchyard-test/long'],
      messages: [{ role: 'user', content: 'hi' }],
      provider: { order: ['together', 'fireworks'] },
    };
    const completion = await billed(PRIMARY_COST, async () =>
      (await client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming)) as Served,
    );
    expect([completion.model, completion.provider]).toEqual(['switchyard-test/long', 'Together']);
    expect(scripts.calls()).toEqual({ together: 2, fireworks: 1 });
    const record = await log.latest(t);
    expect(record['model']).toBe('switchyard-test/long');
    expect(record['total_cost']).toBeCloseTo(PRIMARY_COST, 9);
    expect(attemptsOf(record)).toEqual([
      ['Together', 400, 'context_length_exceeded'],
      ['Fireworks', 400, 'context_length_exceeded'],
      ['Together', 200, null],
    ]);
  });

  it('every endpoint failing → the last error, with every attempt recorded and nothing charged', async () => {
    scripts.next('together', status500, status500).next('fireworks', status500, status500);
    const error = await billed(0, () => ask().catch((e: unknown) => e));
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(scripts.calls()).toEqual({ together: 2, fireworks: 2 });
    const record = await log.latest(t);
    expect([record['status'], record['error_code'], record['total_cost']]).toEqual(['error', 'upstream_unavailable', 0]);
    // The error answer names the generation, so a client can look the attempts up.
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-generation-id')).toBe(record['id']);
    expect(attemptsOf(record).map(([name, status]) => `${name} ${status}`)).toEqual(['Together 500', 'Together 500', 'Fireworks 500', 'Fireworks 500']);
  });
});

describe('fault injection: the request deadline', () => {
  it('when every endpoint hangs, no attempt starts after the deadline and the client gets 408', async () => {
    scripts.next('together', { silent: true }, { silent: true }).next('fireworks', { silent: true }, { silent: true });
    const started = Date.now();
    const error = await billed(0, () => ask().catch((e: unknown) => e));
    const elapsed = Date.now() - started;
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(408);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/request deadline of 4000 ms/);
    // undici's timers are coarse (up to ~0.5 s late), hence the slack; without the deadline this takes 4 × 1 s+.
    expect(elapsed).toBeGreaterThanOrEqual(3900);
    expect(elapsed).toBeLessThan(5000);
    const record = await log.latest(t);
    expect([record['status'], record['error_code'], record['total_cost']]).toEqual(['error', 'upstream_timeout', 0]);
    expect(attemptsOf(record).every(([, status, code]) => status === 408 && code === 'upstream_timeout')).toBe(true);
  });
});

describe('endpoint stats after the faults', () => {
  it('shows uptime, latency and throughput per endpoint in the endpoints API', async () => {
    const data = await getData<{ endpoints: Record<string, unknown>[] }>(t, '/models/switchyard-test/faulty/endpoints');
    const together = data.endpoints.find((endpoint) => endpoint['tag'] === 'together');
    expect(together?.['uptime_last_30m']).toBeGreaterThan(0);
    expect(together?.['uptime_last_30m']).toBeLessThan(100);
    expect(together?.['breaker_state']).toBe('closed');
    expect(together?.['status']).toBe(0);
    const fireworks = data.endpoints.find((endpoint) => endpoint['tag'] === 'fireworks');
    const latency = fireworks?.['latency_last_30m'] as { p50: number; p99: number };
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
  });
});
