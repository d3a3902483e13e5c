import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@switchyard/test-support';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

const spec = createSpecValidator('openrouter');
let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway();
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

describe('official openai SDK against the gateway', () => {
  it('non-streaming: forwards to the provider and answers in the OpenRouter shape with usage and cost', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const { data: completion, response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Invent a holiday' }] })
      .withResponse();
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    expect(completion.id).toMatch(/^gen-\d+-[A-Za-z0-9]{20}$/);
    expect(response.headers.get('x-generation-id')).toBe(completion.id);
    expect(completion.model).toBe('openai/gpt-4o-mini');
    expect((completion as unknown as { provider: string }).provider).toBe('OpenAI');
    expect(completion.choices[0]?.message.content).toContain('Galaxy Day');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBe(16);
    expect(completion.usage?.completion_tokens).toBe(363);
    // gpt-4o-mini: $0.15/M prompt, $0.60/M completion → 16·0.15 + 363·0.6 = 220.2 µ$ → 220 µ$
    expect((completion.usage as unknown as { cost: number }).cost).toBeCloseTo(0.00022, 9);
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/openai/v1/chat/completions');
    expect(sent?.headers['authorization']).toBe('Bearer sk-upstream-openai');
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Invent a holiday' }] });
  });

  it('forwards `user` only as a stable hash and records the original', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() }).next({ json: FIXTURES.openaiText() });
    const ask = () =>
      client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], user: 'alice@example.com' });
    const first = await ask();
    await ask();
    const [a, b] = t.upstream.requests.map((r) => (r.body as { user: string }).user);
    expect(a).toMatch(/^user-[0-9a-f]{32}$/);
    expect(b).toBe(a);
    expect(JSON.stringify(t.upstream.requests)).not.toContain('alice');
    const generation = await fetch(`${t.baseURL}/generation?id=${first.id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(((await generation.json()) as { data: { external_user: string } }).data.external_user).toBe('alice@example.com');
  });

  it('the /v1 alias serves the same API', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const aliased = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL.replace('/api/v1', '/v1'), maxRetries: 0 });
    const completion = await aliased.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toContain('Galaxy Day');
  });

  it('streaming: every chunk matches ChatStreamChunk, usage comes last with cost', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 200 });
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Invent a holiday' }],
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) expect(spec.errors('ChatStreamChunk', chunk)).toEqual([]);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toContain('Harmony Day');
    const finish = chunks.find((c) => c.choices[0]?.finish_reason != null);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
    expect((last?.usage as unknown as { cost: number }).cost).toBeGreaterThan(0);
    expect(chunks.every((c) => c.id === chunks[0]?.id && c.model === 'openai/gpt-4o-mini')).toBe(true);
    expect(t.upstream.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streaming tool calls arrive with stable ids and indexes and finish with tool_calls', async () => {
    t.upstream.next({ body: FIXTURES.openaiToolStream(), chunkSize: 64 });
    const runner = client.chat.completions.stream({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Edinburgh?' }],
      tools: [{ type: 'function', function: { name: 'GetWeatherArgs', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    expect(call?.id).toBe('call_c91SqDXlYFuETYv8mUHzz6pp');
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('GetWeatherArgs');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toMatchObject({ city: 'Edinburgh' });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });
});
