import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chunksToSse, createSpecValidator, readJsonFixture } from '@switchyard/test-support';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Anthropic and OpenAI-compatible (OpenAI, DeepSeek) feature fidelity end to end: the real server,
 * the official `openai` SDK, and a fake upstream replaying recorded answers. Each test asserts what
 * the gateway sent upstream and what the client got back.
 */
const A = 'anthropic/vercel-ai/';
const PDF = `data:application/pdf;base64,${Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64')}`;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ';
const SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
const openAiSpec = createSpecValidator('openai');

let t: TestGateway;
let client: OpenAI;

type Json = Record<string, unknown>;
const sent = (index = 0) => t.upstream.requests[index]?.body as Json;
const messagesSent = (index = 0) => sent(index)['messages'] as Json[];

/** OpenRouter's extensions of the assistant message (reasoning, reasoning_details). */
interface RichMessage {
  content: string | null;
  reasoning?: string | null;
  reasoning_details?: Json[];
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (url) => [
      { id: 'deepseek', base_url: `${url}/deepseek/v1`, api_key: 'upstream-deepseek', timeout_ms: 10_000 },
      { id: 'perplexity', base_url: `${url}/perplexity`, api_key: 'upstream-perplexity', timeout_ms: 10_000 },
    ],
    // Every bundled model on the Anthropic API now has native structured outputs; an operator-declared
    // Claude Sonnet 4 (retired there on 2026-06-15, still a valid config) keeps the forced-tool path covered.
    config: {
      models: [
        {
          id: 'anthropic/claude-sonnet-4',
          context_length: 200000,
          endpoints: [{ provider: 'anthropic', upstream_model: 'claude-sonnet-4-20250514', pricing: { prompt: '0.000003', completion: '0.000015' } }],
        },
      ],
    },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
};

describe('Anthropic through the gateway', () => {
  it('tools: a named tool_choice with parallel_tool_calls false; the streamed call keeps its id and index 0', async () => {
    t.upstream.next({ body: FIXTURES.anthropicToolStream(), headers: { 'content-type': 'text/event-stream' } });
    const stream = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stream: true,
    });
    const calls: { index: number; id?: string; name?: string; args: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      for (const call of choice?.delta.tool_calls ?? []) {
        calls.push({ index: call.index, ...(call.id === undefined ? {} : { id: call.id }), ...(call.function?.name === undefined ? {} : { name: call.function.name }), args: call.function?.arguments ?? '' });
      }
      finish = choice?.finish_reason ?? finish;
    }
    expect(sent()).toMatchObject({
      tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: weatherTool.function.parameters }],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      stream: true,
    });
    expect(new Set(calls.map((call) => call.index))).toEqual(new Set([0]));
    expect(calls.find((call) => call.id !== undefined)).toMatchObject({ id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather' });
    expect(JSON.parse(calls.map((call) => call.args).join(''))).toEqual({ location: 'Paris' });
    expect(finish).toBe('tool_calls');
  });

  it('json_schema on a structured-outputs model → output_config.format; the JSON answer comes back as content', async () => {
    t.upstream.next({ json: readJsonFixture(`${A}anthropic-json-output-format.1.json`) });
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'A lasagna recipe' }],
      response_format: { type: 'json_schema', json_schema: { name: 'recipe', schema: SCHEMA, strict: true } },
    });
    expect(sent()['output_config']).toEqual({ format: { type: 'json_schema', schema: SCHEMA } });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toHaveProperty('recipe');
  });

  it('json_schema on an older model → a forced answer tool whose input is the content (finish stop, no tool calls)', async () => {
    const recorded = JSON.stringify(readJsonFixture(`${A}anthropic-json-tool.1.json`)).replaceAll('"name":"json"', '"name":"switchyard_json_response"');
    t.upstream.next({ json: JSON.parse(recorded) as unknown });
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4',
      messages: [{ role: 'user', content: 'Weather as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: SCHEMA } },
    });
    expect(sent()).not.toHaveProperty('output_config');
    expect(sent()['tool_choice']).toEqual({ type: 'tool', name: 'switchyard_json_response' });
    const message = completion.choices[0]?.message;
    expect(message?.tool_calls ?? []).toEqual([]);
    expect(JSON.parse(message?.content ?? '')).toHaveProperty('elements');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('images by URL and base64, and a PDF file part, become image and document blocks; audio is a 400', async () => {
    t.upstream.next({ json: FIXTURES.anthropicText() });
    await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            { type: 'image_url', image_url: { url: PNG } },
            { type: 'file', file: { filename: 'paper.pdf', file_data: PDF } },
            { type: 'text', text: 'Describe both.' },
          ],
        },
      ],
    });
    expect(messagesSent()[0]?.['content']).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.split(',')[1] } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF.split(',')[1] }, title: 'paper.pdf' },
      { type: 'text', text: 'Describe both.' },
    ]);
    t.upstream.reset();
    const error = await client.chat.completions
      .create({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('two-turn tool conversation with reasoning: turn 2 sends the signed thinking back before tool_use', async () => {
    // Turn 1 answer: the signed thinking block of anthropic-clear-thinking.1.json followed by the
    // tool_use block of anthropic-memory-20250818.1.json (no single recording has both), stop_reason tool_use.
    const thinking = readJsonFixture(`${A}anthropic-clear-thinking.1.json`) as Json;
    const toolUse = readJsonFixture(`${A}anthropic-memory-20250818.1.json`) as Json;
    const thinkingBlock = (thinking['content'] as Json[])[0] as Json;
    const toolBlock = (toolUse['content'] as Json[])[0] as Json;
    t.upstream.next({ json: { ...toolUse, content: [thinkingBlock, toolBlock] } }).next({ json: FIXTURES.anthropicText() });
    const memoryTool = { type: 'function' as const, function: { name: 'memory', parameters: { type: 'object', properties: { command: { type: 'string' }, path: { type: 'string' } } } } };
    const question = { role: 'user' as const, content: 'What do you remember?' };
    const first = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [question],
      tools: [memoryTool],
      reasoning_effort: 'low',
      max_tokens: 8000,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(sent(0)['thinking']).toEqual({ type: 'enabled', budget_tokens: 1600 });
    const turn1 = first.choices[0]?.message as unknown as RichMessage;
    expect(turn1.reasoning).toBe('925 divided by 5 = 185');
    expect(turn1.reasoning_details).toEqual([
      expect.objectContaining({ type: 'reasoning.text', text: '925 divided by 5 = 185', signature: thinkingBlock['signature'], format: 'anthropic-claude-v1' }),
    ]);
    const call = turn1.tool_calls?.[0];
    expect(call).toMatchObject({ id: 'toolu_01TvNvpwszD4hKeudmbfyWiV', function: { name: 'memory' } });

    const second = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [
        question,
        { role: 'assistant', content: turn1.content, tool_calls: turn1.tool_calls, reasoning_details: turn1.reasoning_details },
        { role: 'tool', tool_call_id: call?.id ?? '', content: 'No memories yet.' },
      ],
      tools: [memoryTool],
      reasoning_effort: 'low',
      max_tokens: 8000,
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(second.choices[0]?.message.content).toContain('Hello!');
    const turn2 = messagesSent(1);
    expect(turn2[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: '925 divided by 5 = 185', signature: thinkingBlock['signature'] },
        { type: 'tool_use', id: 'toolu_01TvNvpwszD4hKeudmbfyWiV', name: 'memory', input: { command: 'view', path: '/memories' } },
      ],
    });
    expect(turn2[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01TvNvpwszD4hKeudmbfyWiV', content: 'No memories yet.' }] });
    // Because the signed thinking came back, thinking stays on for the tool loop.
    expect(sent(1)['thinking']).toEqual({ type: 'enabled', budget_tokens: 1600 });
  });

  it('cache_control goes upstream; cache reads and writes come back in usage and are priced', async () => {
    t.upstream.next({ body: chunksToSse(`${A}anthropic-code-execution-20260120-prompt-cache.1.chunks.txt`), headers: { 'content-type': 'text/event-stream' } });
    const stream = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'A long shared prefix.', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'Sum of squares?' },
      ],
      stream: true,
    } as unknown as OpenAI.ChatCompletionCreateParamsStreaming);
    let usage: Json | undefined;
    for await (const chunk of stream) if (chunk.usage != null) usage = chunk.usage as unknown as Json;
    expect(sent()['system']).toEqual([{ type: 'text', text: 'A long shared prefix.', cache_control: { type: 'ephemeral' } }]);
    // Last usage: input 6 + cache read 6289 + cache write 3337 = 9632 prompt tokens, 198 completion.
    expect(usage).toMatchObject({ prompt_tokens: 9632, completion_tokens: 198, prompt_tokens_details: { cached_tokens: 6289 } });
    // Sonnet 4.5: 6×$3 + 6289×$0.30 + 3337×$3.75 + 198×$15 per MTok = 18 + 1886.7 + 12513.75 + 2970 µ$ = 17388.45 µ$.
    expect(usage?.['cost']).toBeCloseTo(0.017388, 9);
  });
});

describe('OpenAI-compatible vendors through the gateway', () => {
  it('OpenAI: tool_choice, parallel_tool_calls and a strict json_schema are forwarded spec-valid; the streamed call arrives', async () => {
    t.upstream.next({ body: FIXTURES.openaiToolStream(), headers: { 'content-type': 'text/event-stream' } });
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4.1',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ ...weatherTool, function: { ...weatherTool.function, strict: true } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      stream: true,
    });
    const indexes = new Set<number>();
    for await (const chunk of stream) for (const call of chunk.choices[0]?.delta.tool_calls ?? []) indexes.add(call.index);
    expect(sent()).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false, tools: [{ type: 'function', function: { name: 'get_weather', strict: true } }] });
    expect([...indexes].sort()).toEqual([...Array(indexes.size).keys()]);

    t.upstream.next({ json: FIXTURES.openaiText() });
    const format = { type: 'json_schema' as const, json_schema: { name: 'person', schema: SCHEMA, strict: true } };
    await client.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'Hi' }], response_format: format });
    expect(sent(1)['response_format']).toEqual(format);
  });

  it('OpenAI: images and PDFs are sent as image_url and file parts; a PDF URL that cannot be downloaded is a 400 without an upstream call', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const parts = [
      { type: 'image_url' as const, image_url: { url: 'https://example.com/cat.png' } },
      { type: 'image_url' as const, image_url: { url: PNG } },
      { type: 'file' as const, file: { filename: 'paper.pdf', file_data: PDF } },
      { type: 'text' as const, text: 'Describe.' },
    ];
    await client.chat.completions.create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: parts }] });
    expect(messagesSent()[0]).toEqual({ role: 'user', content: parts });
    t.upstream.reset();
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4.1', messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'http://127.0.0.1:9/a.pdf' } }] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    // PDF URLs are downloaded and sent as base64 file_data (pdf-url.test.ts); the SSRF guard refuses loopback.
    expect((error as Error).message).toContain('Could not download http://127.0.0.1:9/a.pdf');
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('OpenAI: reasoning effort → reasoning_effort', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    await client.chat.completions.create({ model: 'openai/gpt-5', messages: [{ role: 'user', content: 'Think.' }], reasoning_effort: 'high' });
    expect(sent()).toMatchObject({ model: 'gpt-5', reasoning_effort: 'high' });
  });

  it('DeepSeek: reasoning + tool call + cache hits priced; turn 2 sends reasoning_content back', async () => {
    t.upstream.next({ json: readJsonFixture('deepseek/vercel-ai/deepseek-chat/deepseek-tool-call.json') }).next({ json: FIXTURES.openaiText() });
    const tool = { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };
    const question = { role: 'user' as const, content: 'Weather in San Francisco?' };
    const first = await client.chat.completions.create({
      model: 'deepseek/deepseek-v4.1-flash',
      messages: [question],
      tools: [tool],
      tool_choice: 'auto',
      reasoning_effort: 'high',
    });
    expect(t.upstream.requests[0]?.url).toBe('/deepseek/v1/chat/completions');
    expect(openAiSpec.errors('CreateChatCompletionRequest', sent())).toEqual([]);
    expect(sent()).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'enabled' }, reasoning_effort: 'high', tool_choice: 'auto' });
    const turn1 = first.choices[0]?.message as unknown as RichMessage;
    expect(turn1.reasoning).toContain('I have a weather tool available');
    expect(turn1.tool_calls?.[0]).toMatchObject({ id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo', function: { name: 'weather' } });
    const usage = first.usage as unknown as Json;
    expect(usage).toMatchObject({ prompt_tokens: 339, completion_tokens: 92, prompt_tokens_details: { cached_tokens: 320 } });
    // V4.1 Flash (peak list prices): 19×$0.30 + 320×$0.006 + 92×$1.20 per MTok = 5.70 + 1.92 + 110.40 µ$ = 118.02 µ$ → 118 µ$.
    expect(usage['cost']).toBeCloseTo(0.000118, 9);

    await client.chat.completions.create({
      model: 'deepseek/deepseek-v4.1-flash',
      messages: [
        question,
        { role: 'assistant', content: turn1.content, tool_calls: turn1.tool_calls, reasoning_details: turn1.reasoning_details },
        { role: 'tool', tool_call_id: turn1.tool_calls?.[0]?.id ?? '', content: '18°C' },
      ],
      tools: [tool],
      reasoning_effort: 'high',
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(openAiSpec.errors('CreateChatCompletionRequest', sent(1))).toEqual([]);
    expect(messagesSent(1)[1]).toMatchObject({ role: 'assistant', reasoning_content: turn1.reasoning, tool_calls: [{ id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo' }] });
    expect(messagesSent(1)[2]).toEqual({ role: 'tool', tool_call_id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo', content: '18°C' });
  });
});

describe('citations as url_citation annotations', () => {
  interface Annotated {
    annotations?: { type: string; url_citation: { url: string; title?: string } }[];
  }

  it('Anthropic web search citations on text blocks', async () => {
    t.upstream.next({ json: readJsonFixture(`${A}anthropic-web-search-tool.1.json`) });
    const completion = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Latest news?' }] });
    const { annotations = [] } = completion.choices[0]?.message as unknown as Annotated;
    expect(annotations).toHaveLength(3);
    for (const annotation of annotations) expect(annotation).toMatchObject({ type: 'url_citation', url_citation: { url: expect.stringMatching(/^https?:\/\//) as string } });
  });

  it('Perplexity citations / search_results', async () => {
    t.upstream.next({ json: readJsonFixture('perplexity/vercel-ai/perplexity-citations.json') });
    const completion = await client.chat.completions.create({ model: 'perplexity/sonar', messages: [{ role: 'user', content: 'Population of San Francisco?' }] });
    expect(t.upstream.requests[0]?.url).toBe('/perplexity/chat/completions');
    const { annotations = [] } = completion.choices[0]?.message as unknown as Annotated;
    expect(annotations.map((annotation) => annotation.url_citation.url)).toContain('https://en.wikipedia.org/wiki/San_Francisco');
    expect(annotations.every((annotation) => annotation.type === 'url_citation')).toBe(true);
  });
});
