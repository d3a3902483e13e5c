import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chunksToSse, createSpecValidator, readJsonFixture } from '@switchyard/test-support';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import { loadConfig } from '../../src/config/load-config.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Cohere end to end: the real gateway with the bundled `cohere` provider pointed at the fake
 * upstream, which replays recorded Cohere v2 traffic (../shared/fixtures/cohere). Streams are sent
 * as Cohere frames them: SSE with `event: <type>` and the JSON event as `data:`.
 */
const spec = createSpecValidator('openrouter');
const F = 'cohere/vercel-ai/';
const cohereSse = (file: string) =>
  chunksToSse(`${F}${file}`, (payload) => (payload as { type?: string }).type);

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (upstream) => [{ id: 'cohere', base_url: `${upstream}/cohere/v2`, api_key: 'co-upstream-key', timeout_ms: 10_000 }],
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

const weatherTools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } },
  { type: 'function', function: { name: 'cityAttractions', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
];

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<OpenAI.ChatCompletionChunk[]> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  for (const chunk of chunks) expect(spec.errors('ChatStreamChunk', chunk)).toEqual([]);
  return chunks;
}

describe('Cohere through the gateway (openai SDK)', () => {
  it('non-streaming: POST /v2/chat with Bearer auth; text, usage and cost in billed units', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}cohere-text.json`) });
    const completion = await client.chat.completions.create({
      model: 'cohere/command-a',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }],
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 50,
    });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    expect((completion as unknown as { provider: string }).provider).toBe('Cohere');
    expect(completion.choices[0]?.message.content).toBe('The capital of France is Paris.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    // The recording bills 12 input / 7 output units (its `tokens`, 507 / 10, include Cohere's prompt
    // template and 448 cached tokens): usage and cost follow what Cohere charges.
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens ?? 0).toBe(0);
    // command-a: $2.50/M prompt, $10/M completion → 12·2.5 + 7·10 = 100 µ$
    expect((completion.usage as unknown as { cost: number }).cost).toBeCloseTo(0.0001, 9);
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/cohere/v2/chat');
    expect(sent?.headers['authorization']).toBe('Bearer co-upstream-key');
    expect(sent?.body).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }],
      temperature: 0.3,
      p: 0.8,
      max_tokens: 50,
    });
  });

  it('streaming: SSE events become chunks; finish, then usage with cost', async () => {
    t.upstream.next({ body: cohereSse('cohere-text.chunks.txt'), chunkSize: 97 });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'cohere/command-a', messages: [{ role: 'user', content: 'Capital of France?' }], stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('The capital of France is Paris.');
    expect(chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    // message-end's billed_units (12 / 7), not its tokens (507 / 10).
    expect(last?.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7 });
    expect((last?.usage as unknown as { cost: number }).cost).toBeCloseTo(0.0001, 9);
    expect(t.upstream.requests[0]?.body).toMatchObject({ model: 'command-a-03-2025', stream: true });
  });

  it('streaming tool calls: stable ids, dense indexes, the tool plan as reasoning, finish tool_calls', async () => {
    t.upstream.next({ body: cohereSse('cohere-tool-call.chunks.txt'), chunkSize: 64 });
    const runner = client.chat.completions.stream({
      model: 'cohere/command-a',
      messages: [{ role: 'user', content: 'Weather and sights in San Francisco?' }],
      tools: weatherTools,
      tool_choice: 'required',
    });
    let reasoning = '';
    runner.on('chunk', (chunk) => {
      reasoning += (chunk.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? '';
    });
    const final = await runner.finalChatCompletion();
    const calls = (final.choices[0]?.message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [call] : []));
    expect(calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments) as unknown])).toEqual([
      ['weather_e8p4pn45zt0t', 'weather', { location: 'San Francisco' }],
      ['cityAttractions_pyxssbwnq9fq', 'cityAttractions', { city: 'San Francisco' }],
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    // The SDK's accumulator keeps only the last piece of fields it does not know, so read the chunks.
    expect(reasoning).toBe('I will use the weather tool to find the weather in San Francisco and the cityAttractions tool to find attractions in San Francisco.');
    const sent = t.upstream.requests[0]?.body as { tools: unknown[]; tool_choice: string };
    expect(sent.tool_choice).toBe('REQUIRED');
    expect(sent.tools).toHaveLength(2);
  });

  it('non-streaming tool call; the next turn sends the plan, the call and the result back', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}cohere-tool-call.json`) });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather and sights in San Francisco?' }];
    const first = await client.chat.completions.create({
      model: 'cohere/command-a',
      messages,
      tools: weatherTools,
      tool_choice: { type: 'function', function: { name: 'weather' } },
    });
    expect(spec.errors('ChatResult', first)).toEqual([]);
    expect(t.upstream.requests[0]?.body).toMatchObject({ tool_choice: 'REQUIRED', tools: [{ function: { name: 'weather' } }] });
    const assistant = first.choices[0]?.message;
    expect(assistant?.tool_calls?.map((c) => c.id)).toEqual(['weather_dqgshstja6p9', 'cityAttractions_dcxfx4myvx68']);

    t.upstream.next({ json: readJsonFixture(`${F}cohere-text.json`) });
    await client.chat.completions.create({
      model: 'cohere/command-a',
      tools: weatherTools,
      messages: [
        ...messages,
        assistant as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: 'weather_dqgshstja6p9', content: '{"temp":18}' },
        { role: 'tool', tool_call_id: 'cityAttractions_dcxfx4myvx68', content: '["Golden Gate"]' },
      ],
    });
    const second = t.upstream.requests[1]?.body as { messages: Record<string, unknown>[] };
    expect(second.messages[1]).toMatchObject({
      role: 'assistant',
      tool_plan: expect.stringMatching(/^I will use the weather tool/) as unknown,
      tool_calls: [{ id: 'weather_dqgshstja6p9', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } }, { id: 'cityAttractions_dcxfx4myvx68' }],
    });
    expect(second.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'weather_dqgshstja6p9', content: '{"temp":18}' },
      { role: 'tool', tool_call_id: 'cityAttractions_dcxfx4myvx68', content: '["Golden Gate"]' },
    ]);
  });

  it('reasoning: effort → thinking budget; thinking comes back as reasoning, streamed and not', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}cohere-reasoning.json`) });
    const completion = await client.chat.completions.create({
      model: 'cohere/command-a-reasoning',
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
      max_tokens: 4000,
      reasoning_effort: 'low',
    });
    expect(spec.errors('ChatResult', completion)).toEqual([]);
    const message = completion.choices[0]?.message as unknown as { content: string; reasoning: string; reasoning_details: unknown[] };
    expect(message.content).toBe('2 + 2 = 4');
    expect(message.reasoning).toMatch(/^Okay, so I need to figure out what 2 \+ 2 is/);
    expect(message.reasoning_details).toEqual([{ type: 'reasoning.text', text: message.reasoning, format: 'unknown', index: 0 }]);
    expect(t.upstream.requests[0]?.body).toMatchObject({ model: 'command-a-reasoning-08-2025', max_tokens: 4000, thinking: { type: 'enabled', token_budget: 1024 } });

    t.upstream.next({ body: cohereSse('cohere-reasoning.chunks.txt'), chunkSize: 128 });
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'cohere/command-a-reasoning',
        messages: [{ role: 'user', content: 'What is 2 + 2?' }],
        reasoning: { enabled: false },
        stream: true,
      } as OpenAI.ChatCompletionCreateParamsStreaming),
    );
    const reasoning = chunks.map((c) => (c.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? '').join('');
    expect(reasoning).toMatch(/^The user is asking for the sum of 2 and 2\./);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('The answer to 2 + 2 is 4.');
    expect(t.upstream.requests[1]?.body).toMatchObject({ stream: true, thinking: { type: 'disabled' } });
  });

  it('multi-turn reasoning: the reasoning_details of one answer go back as thinking content', async () => {
    t.upstream.next({ json: readJsonFixture(`${F}cohere-reasoning.json`) });
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is 2 + 2?' };
    const first = await client.chat.completions.create({ model: 'cohere/command-a-reasoning', messages: [question] });
    const answer = first.choices[0]?.message as unknown as { content: string; reasoning_details: unknown[] };

    t.upstream.next({ json: readJsonFixture(`${F}cohere-text.json`) });
    await client.chat.completions.create({
      model: 'cohere/command-a-reasoning',
      messages: [
        question,
        { role: 'assistant', content: answer.content, reasoning_details: answer.reasoning_details } as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'user', content: 'And the capital of France?' },
      ],
    });
    const sent = t.upstream.requests[1]?.body as { messages: unknown[] };
    expect(sent.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Okay, so I need to figure out what 2 + 2 is. Let me start by recalling what addition means.' },
        { type: 'text', text: '2 + 2 = 4' },
      ],
    });
  });

  it('Cohere errors: a context overflow is a 400 context_length_exceeded with the raw error kept', async () => {
    const body = { message: 'too many tokens: total number of tokens in the prompt cannot exceed 128000 - received 130012.' };
    t.upstream.next({ status: 400, json: body });
    const error = await client.chat.completions
      .create({ model: 'cohere/command-r7b-12-2024', messages: [{ role: 'user', content: 'long…' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(400);
    expect(apiError.message).toContain('Cohere: too many tokens');
    expect((apiError.error as { metadata?: Record<string, unknown> }).metadata).toMatchObject({ error_code: 'context_length_exceeded', provider_name: 'Cohere', raw: body });
  });
});

describe('the bundled Cohere catalog (catalog/cohere.yaml)', () => {
  function load(env: Record<string, string>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-cohere-'));
    try {
      return loadConfig({ env, cwd: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each(['COHERE_API_KEY', 'CO_API_KEY'])('%s enables the cohere provider against api.cohere.com/v2', (name) => {
    const config = load({ [name]: 'co-key' });
    expect(config.providers.get('cohere')?.settings).toMatchObject({ name: 'Cohere', baseUrl: 'https://api.cohere.com/v2', apiKey: 'co-key' });
    expect(config.providers.get('cohere')?.kind).toBe('cohere');
  });

  it('serves the Command models with their upstream ids, prices and parameters', () => {
    const catalog = buildCatalog(load({ COHERE_API_KEY: 'co-key' }));
    const endpoint = (id: string) => catalog.get(id)?.endpoints[0];
    expect(endpoint('cohere/command-a')?.upstreamModel).toBe('command-a-03-2025');
    expect(endpoint('cohere/command-a-reasoning')?.upstreamModel).toBe('command-a-reasoning-08-2025');
    expect(endpoint('cohere/command-r-plus-08-2024')?.upstreamModel).toBe('command-r-plus-08-2024');
    expect(endpoint('cohere/command-r-08-2024')?.upstreamModel).toBe('command-r-08-2024');
    expect(endpoint('cohere/command-r7b-12-2024')?.upstreamModel).toBe('command-r7b-12-2024');
    // tool_choice needs Command R7B or newer; reasoning exists on Command A Reasoning only.
    const params = (id: string) => [...(endpoint(id)?.supportedParameters ?? [])];
    expect(params('cohere/command-r-08-2024')).not.toContain('tool_choice');
    expect(params('cohere/command-r7b-12-2024')).toContain('tool_choice');
    expect(params('cohere/command-a')).not.toContain('reasoning');
    expect(params('cohere/command-a-reasoning')).toEqual(expect.arrayContaining(['reasoning', 'tool_choice', 'structured_outputs']));
  });
});
