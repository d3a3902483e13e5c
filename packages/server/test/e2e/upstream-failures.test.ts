import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@switchyard/test-support';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, parseSseBody, startTestGateway, type TestGateway } from '../support/harness.js';

const spec = createSpecValidator('openrouter');
let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({ keepaliveMs: 100 });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

async function generation(id: string) {
  const response = await fetch(`${t.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: Record<string, unknown> };
  expect(spec.errors('GenerationResponse', body)).toEqual([]);
  return body.data;
}

async function waitFor(condition: () => boolean, ms = 3000) {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

describe('upstream failures', () => {
  it('an upstream 429 with a long retry hint → 429 with Retry-After and the provider error kept', async () => {
    t.upstream.next({ status: 429, json: FIXTURES.gemini429() });
    const error = await client.chat.completions
      .create({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.headers.get('retry-after')).toBe('35');
    const body = rateLimit.error as { code: number; metadata: Record<string, unknown> };
    expect(body.code).toBe(429);
    expect(body.metadata['provider_name']).toBe('Google AI Studio');
    expect(body.metadata['error_type']).toBe('rate_limit_exceeded');
    expect(JSON.stringify(body.metadata['raw'])).toContain('RESOURCE_EXHAUSTED');
  });

  it('an upstream quota error (OpenAI insufficient_quota) → 502, not retried', async () => {
    t.upstream.next({ status: 429, json: FIXTURES.openaiQuotaError() });
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(t.upstream.requests).toHaveLength(1);
  });

  it('a provider that is down → 502', async () => {
    t.upstream.next({ status: 503, body: 'upstream connect error', headers: { 'content-type': 'text/plain' } });
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
  });

  it('`models` fallbacks: a provider outage moves on to the next model, which is named and billed', async () => {
    t.upstream.next({ status: 503, json: { error: { message: 'overloaded', type: 'server_error' } } });
    t.upstream.next({ json: FIXTURES.anthropicText() });
    const completion = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      // @ts-expect-error OpenRouter extension
      models: ['anthropic/claude-haiku-4.5'],
    });
    expect(completion.model).toBe('anthropic/claude-haiku-4.5');
    expect(t.upstream.requests.map((r) => r.url)).toEqual(['/openai/v1/chat/completions', '/anthropic/v1/messages']);
    const record = await generation(completion.id);
    expect(record['provider_name']).toBe('Anthropic');
    expect(record['total_cost']).toBe((completion.usage as unknown as { cost: number }).cost);
    const attempts = record['provider_responses'] as { provider_name: string; status: number }[];
    expect(attempts.map((a) => [a.provider_name, a.status])).toEqual([['OpenAI', 503], ['Anthropic', 200]]);
  });

  it('a failure after the first token → an error chunk with finish_reason "error"; the openai SDK throws', async () => {
    const body = FIXTURES.openaiTextStream();
    t.upstream.next({ body, chunkSize: 300, chunkDelayMs: 5, destroyAfterBytes: 1500 });
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(seen.join('')).not.toBe('');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it('the raw stream of a mid-stream failure ends with a valid error chunk', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 300, chunkDelayMs: 5, destroyAfterBytes: 1500 });
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(response.status).toBe(200);
    const { data } = parseSseBody(await response.text());
    for (const chunk of data) expect(spec.errors('ChatStreamChunk', chunk)).toEqual([]);
    const last = data.at(-1) as { error: { code: number; metadata: { error_type: string } }; choices: { finish_reason: string }[] };
    expect(last.error.code).toBeGreaterThanOrEqual(500);
    expect(last.choices[0]?.finish_reason).toBe('error');
    const id = response.headers.get('x-generation-id') ?? '';
    expect((await generation(id))['finish_reason']).toBe('error');
  });

  it('sends ": OPENROUTER PROCESSING" comments while the first token is slow', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), delayMs: 450 });
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    const text = await response.text();
    const { comments, done, data } = parseSseBody(text);
    expect(comments.filter((c) => c === 'OPENROUTER PROCESSING').length).toBeGreaterThanOrEqual(2);
    expect(text.indexOf(': OPENROUTER PROCESSING')).toBeLessThan(text.indexOf('data: '));
    expect(done).toBe(true);
    expect(data.length).toBeGreaterThan(5);
  });

  it('a client that disconnects aborts the upstream request; the generation is recorded as cancelled', async () => {
    const body = FIXTURES.openaiTextStream();
    t.upstream.next({ body, chunkSize: 400, chunkDelayMs: 400 });
    const controller = new AbortController();
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      signal: controller.signal,
    });
    const id = response.headers.get('x-generation-id') ?? '';
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    expect(await waitFor(() => t.upstream.requests[0]?.aborted === true)).toBe(true);
    const recorded = async () => {
      const response = await fetch(`${t.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      return response.status === 200;
    };
    for (let i = 0; i < 50 && !(await recorded()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const record = await generation(id);
    expect(record['cancelled']).toBe(true);
    expect(record['streamed']).toBe(true);
  });
});
