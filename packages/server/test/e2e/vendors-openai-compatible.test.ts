import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FEATURES, flavorCapabilities, OPENAI_COMPATIBLE_FLAVORS } from '@switchyard/core';
import { createSpecValidator, readFixture, readJsonFixture, recordedAnswer, recordedReasoning, recordedText } from '@switchyard/test-support';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { expectedCost, PRICES, SUPPORTED_PARAMETERS, VENDORS, type ExpectedUsage, type VendorCase } from './vendors-cases.js';

/**
 * Every OpenAI-compatible vendor × every feature its adapter declares, end to end: the real gateway
 * with one provider per vendor mounted on one fake upstream that replays recorded traffic, driven by
 * the official `openai` SDK. Each test asserts the vendor's native request (renamed, clamped and
 * dropped fields, reasoning fields, media form) and what the client gets (content, tool calls with
 * stable ids, parsed JSON, reasoning, usage and cost). The harness checks every upstream body
 * against the vendor's published spec (Mistral's own, OpenAI's for the rest) and every answer
 * against OpenRouter's.
 */
const openRouter = createSpecValidator('openrouter');
const PDF = `data:application/pdf;base64,${Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64')}`;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ';
const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';
const SCHEMA = { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false };

type Json = Record<string, unknown>;
/** Every field a vendor takes reasoning wishes in. */
const REASONING_FIELDS = ['reasoning_effort', 'reasoning', 'thinking', 'enable_thinking', 'thinking_budget'];
let t: TestGateway;
let client: OpenAI;

const modelOf = (vendor: VendorCase) => `e2e-${vendor.id}/model`;
/** Whole micro-dollars per token as the config's decimal USD string (2 → "0.000002"). */
const usdPerToken = (micro: number) => (micro / 1_000_000).toFixed(6);

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (url) =>
      VENDORS.filter((vendor) => vendor.id !== 'groq').map((vendor) => ({
        id: vendor.id,
        base_url: `${url}${vendor.mount}`,
        ...(vendor.apiKey === undefined ? {} : { api_key: vendor.apiKey }),
        timeout_ms: 10_000,
        ...vendor.provider,
      })),
    config: {
      models: VENDORS.map((vendor) => ({
        id: modelOf(vendor),
        context_length: 131072,
        input_modalities: ['text', 'image', 'file', 'audio'],
        endpoints: [
          {
            provider: vendor.id,
            upstream_model: vendor.upstreamModel,
            supported_parameters: SUPPORTED_PARAMETERS,
            pricing: { prompt: usdPerToken(PRICES.prompt), completion: usdPerToken(PRICES.completion), input_cache_read: usdPerToken(PRICES.cacheRead) },
          },
        ],
      })),
    },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
let violationsBefore = 0;
beforeEach(() => {
  t.upstream.reset();
  violationsBefore = t.violations().length;
});
// Each test's upstream bodies must meet the vendor's spec (the harness checks them as they arrive).
afterEach(() => expect(t.violations().slice(violationsBefore)).toEqual([]));

const sent = (index = 0): Json => t.upstream.requests[index]?.body as Json;
const messagesSent = (index = 0) => sent(index)['messages'] as Json[];
const ask = (vendor: VendorCase, body: Json) =>
  client.chat.completions.create({ model: modelOf(vendor), messages: [{ role: 'user', content: 'Hi' }], ...body } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
const askStream = async (vendor: VendorCase, body: Json) =>
  collect(await client.chat.completions.create({ model: modelOf(vendor), messages: [{ role: 'user', content: 'Hi' }], ...body, stream: true } as unknown as OpenAI.ChatCompletionCreateParamsStreaming));

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<OpenAI.ChatCompletionChunk[]> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  for (const chunk of chunks) expect(openRouter.errors('ChatStreamChunk', chunk)).toEqual([]);
  return chunks;
}

function expectUsage(actual: unknown, usage: ExpectedUsage | undefined): void {
  if (usage === undefined) return;
  expect(actual).toMatchObject({ prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion });
  if (usage.cached !== undefined) expect(actual).toMatchObject({ prompt_tokens_details: { cached_tokens: usage.cached } });
  expect((actual as { cost: number }).cost).toBeCloseTo(expectedCost(usage), 9);
}

/** Declares the test only for vendors with the feature (rather than reporting it skipped for the others). */
function itWhen(condition: boolean, name: string, fn: () => Promise<void>): void {
  if (condition) it(name, fn);
}

const finishOf = (chunks: OpenAI.ChatCompletionChunk[]) => chunks.find((c) => c.choices[0]?.finish_reason != null)?.choices[0]?.finish_reason;
const weather = { type: 'function' as const, function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };

describe.each(VENDORS)('$name (openai-compatible)', (vendor) => {
  const has = (feature: (typeof FEATURES)[number]) => vendor.features.includes(feature);

  it('the features tested here are exactly those the adapter declares', () => {
    const flavorId = String(vendor.provider?.['flavor'] ?? vendor.id);
    const flavor = OPENAI_COMPATIBLE_FLAVORS[flavorId];
    expect(flavor).toBeDefined();
    const declared = flavorCapabilities(flavor as NonNullable<typeof flavor>);
    expect(FEATURES.filter((feature) => declared[feature] !== 'unsupported')).toEqual(FEATURES.filter((feature) => has(feature)));
  });

  it(`non-streaming: POST ${vendor.mount}/chat/completions, native params; content, usage and cost`, async () => {
    t.upstream.next(recordedAnswer(vendor.text.file));
    const completion = await ask(vendor, { messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'Invent a holiday.' }], ...vendor.renamed?.sent });
    expect(openRouter.errors('ChatResult', completion)).toEqual([]);
    const request = t.upstream.requests[0];
    expect(request?.url).toBe(`${vendor.mount}/chat/completions`);
    expect(request?.headers['authorization']).toBe(vendor.apiKey === undefined ? undefined : `Bearer ${vendor.apiKey}`);
    const body = sent();
    expect(body).toMatchObject({ model: vendor.upstreamModel, ...vendor.renamed?.upstream });
    expect(body).not.toHaveProperty('stream');
    // No vendor here knows `developer`: it goes as `system`.
    expect(messagesSent()[0]).toEqual({ role: 'system', content: 'Be brief.' });
    const otherLimit = vendor.maxTokensField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
    expect(body).not.toHaveProperty(otherLimit);
    for (const field of Object.keys(vendor.renamed?.sent ?? {})) {
      if (!(field in (vendor.renamed?.upstream ?? {}))) expect(body).not.toHaveProperty(field);
    }
    expect(completion.choices[0]?.message.content).toBe(recordedText(vendor.text.file));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect((completion as unknown as { provider: string }).provider).toBe(vendor.name);
    expectUsage(completion.usage, vendor.text.usage);
  });

  it('streaming: stream_options as the vendor wants; the text, finish stop, then usage with cost', async () => {
    t.upstream.next(recordedAnswer(vendor.textStream.file));
    const chunks = await askStream(vendor, {});
    expect(sent()['stream']).toBe(true);
    if (vendor.streamOptions) expect(sent()['stream_options']).toEqual({ include_usage: true });
    else expect(sent()).not.toHaveProperty('stream_options');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(recordedText(vendor.textStream.file));
    expect(finishOf(chunks)).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expectUsage(chunks.at(-1)?.usage, vendor.textStream.usage);
  });

  itWhen(has('tools'), 'tool_choice auto, none, required and a named function, with parallel_tool_calls, in the vendor form', async () => {
    const choices: unknown[] = ['auto', 'none', 'required', { type: 'function', function: { name: 'weather' } }];
    for (const choice of choices) {
      t.upstream.next(recordedAnswer(vendor.text.file));
      await ask(vendor, { tools: [weather], tool_choice: choice, parallel_tool_calls: false });
    }
    expect(t.upstream.requests.map((request) => (request.body as Json)['tool_choice'])).toEqual(['auto', 'none', vendor.requiredToolChoice, choices[3]]);
    for (const index of [0, 1, 2, 3]) {
      expect(sent(index)).toMatchObject({ parallel_tool_calls: false, tools: [{ type: 'function', function: weather.function }] });
    }
  });

  itWhen(!has('tools'), 'tools are declared unsupported: never forwarded (OpenRouter ignores parameters an endpoint lacks)', async () => {
    t.upstream.next(recordedAnswer(vendor.text.file));
    await ask(vendor, { tools: [weather], tool_choice: 'auto', parallel_tool_calls: false });
    for (const field of ['tools', 'tool_choice', 'parallel_tool_calls']) expect(sent()).not.toHaveProperty(field);
  });

  itWhen(has('tools'), 'a two-turn tool conversation: stable call id and index, finish tool_calls; the result goes back', async () => {
    const recording = vendor.toolCall;
    if (recording === undefined) throw new Error(`${vendor.id}: no tool-call recording`);
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in San Francisco?' };
    t.upstream.next(recordedAnswer(recording.file));
    const turn1 = await turnOne(vendor, question);
    expect(turn1.call).toEqual({ id: recording.call.id, name: recording.call.name, arguments: recording.call.arguments });
    expect(turn1.finish).toBe('tool_calls');
    expectUsage(turn1.usage, recording.usage);

    t.upstream.next(recordedAnswer(vendor.text.file));
    const assistant = {
      role: 'assistant',
      content: null,
      // Sent back as OpenRouter clients do: the reasoning_details of the earlier turn.
      reasoning_details: [{ type: 'reasoning.text', text: 'I should call the tool.', format: 'unknown', index: 0 }],
      tool_calls: [{ id: turn1.call.id, type: 'function', function: { name: turn1.call.name, arguments: JSON.stringify(turn1.call.arguments) } }],
    };
    const second = await ask(vendor, { messages: [question, assistant, { role: 'tool', tool_call_id: turn1.call.id, content: '18°C and sunny' }], tools: [weather] });
    expect(second.choices[0]?.message.content).toBe(recordedText(vendor.text.file));
    const [, assistantSent, toolSent] = messagesSent(1);
    expect(assistantSent).toMatchObject({ role: 'assistant', tool_calls: assistant.tool_calls });
    const round = vendor.reasoning?.roundTrip;
    if (round === undefined) for (const field of ['reasoning', 'reasoning_content', 'reasoning_details']) expect(assistantSent).not.toHaveProperty(field);
    else expect(assistantSent?.[round]).toBe('I should call the tool.');
    expect(toolSent).toMatchObject({ role: 'tool', tool_call_id: turn1.call.id, content: '18°C and sunny' });
  });

  it('structured outputs: declared response_format types go through and the JSON parses; others are a 400', async () => {
    const formats = [{ type: 'json_object' as const }, { type: 'json_schema' as const, json_schema: { name: 'weather', schema: SCHEMA, strict: true } }];
    for (const format of formats) {
      t.upstream.reset();
      if (!has(format.type)) {
        const error = await ask(vendor, { response_format: format }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect((error as Error).message).toContain(`${vendor.name}: response_format ${format.type} is not supported by this provider`);
        expect(t.upstream.requests).toHaveLength(0);
        continue;
      }
      // deepseek-json.json: the one recorded JSON-mode answer of this wire format (Chat Completions).
      t.upstream.next(recordedAnswer('deepseek/vercel-ai/deepseek-chat/deepseek-json.json'));
      const completion = await ask(vendor, { response_format: format });
      expect(sent()['response_format']).toEqual(format);
      expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toMatchObject({ location: 'San Francisco' });
    }
  });

  it('media: supported parts go in the vendor form; unsupported ones are a 400 before any upstream call', async () => {
    const parts: Record<string, { part: Json; upstream: unknown; feature: (typeof FEATURES)[number] }> = {
      'image URL': { part: { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }, upstream: undefined, feature: 'image_url' },
      'image base64': { part: { type: 'image_url', image_url: { url: PNG } }, upstream: undefined, feature: 'image_base64' },
      PDF: { part: { type: 'file', file: { filename: 'paper.pdf', file_data: PDF } }, upstream: vendor.pdfAs?.(PDF, 'paper.pdf'), feature: 'pdf' },
      audio: { part: { type: 'input_audio', input_audio: { data: WAV, format: 'wav' } }, upstream: vendor.audioAs?.(WAV), feature: 'audio_input' },
    };
    for (const [label, { part, upstream, feature }] of Object.entries(parts)) {
      t.upstream.reset();
      if (has(feature)) t.upstream.next(recordedAnswer(vendor.text.file));
      const request = ask(vendor, { messages: [{ role: 'user', content: [{ type: 'text', text: `Describe the ${label}.` }, part] }] });
      if (has(feature)) {
        await request;
        expect(messagesSent()[0]?.['content']).toEqual([{ type: 'text', text: `Describe the ${label}.` }, upstream ?? part]);
      } else {
        const error = await request.catch((e: unknown) => e);
        expect(error, label).toBeInstanceOf(OpenAI.BadRequestError);
        expect((error as Error).message).toContain(`${vendor.name}: messages[0].content[1]: this provider does not accept`);
        expect(t.upstream.requests, label).toHaveLength(0);
      }
    }
  });

  itWhen(has('reasoning'), 'reasoning: a budget becomes the vendor fields; off; exclude; the text and reasoning_details come back', async () => {
    const reasoning = vendor.reasoning;
    if (reasoning === undefined) throw new Error(`${vendor.id}: no reasoning case`);
    // max_tokens 1250 with a 1000-token budget: 80 % → effort "high" where the vendor takes an effort.
    t.upstream.next(recordedAnswer(reasoning.recording.file));
    const completion = await ask(vendor, { max_tokens: 1250, reasoning: { max_tokens: 1000 } });
    expect(sent()).toMatchObject(reasoning.on);
    const message = completion.choices[0]?.message as unknown as { reasoning?: string; reasoning_details?: Json[] };
    expect(message.reasoning?.startsWith(reasoning.text)).toBe(true);
    expect(message.reasoning_details?.[0]).toMatchObject({ type: 'reasoning.text', text: message.reasoning });
    expectUsage(completion.usage, reasoning.recording.usage);

    t.upstream.next(recordedAnswer(reasoning.recording.file));
    const hidden = await ask(vendor, { max_tokens: 1250, reasoning: { max_tokens: 1000, exclude: true } });
    expect(sent(1)).toMatchObject(reasoning.on);
    expect(hidden.choices[0]?.message).not.toHaveProperty('reasoning_details');
    expect((hidden.choices[0]?.message as { reasoning?: unknown }).reasoning ?? null).toBeNull();

    t.upstream.next(recordedAnswer(vendor.text.file));
    await ask(vendor, { reasoning_effort: 'minimal' });
    expect(Object.fromEntries(Object.entries(sent(2)).filter(([field]) => REASONING_FIELDS.includes(field)))).toEqual(reasoning.minimal);

    t.upstream.next(recordedAnswer(vendor.text.file));
    await ask(vendor, { reasoning: { enabled: false } });
    const off = sent(3);
    for (const [field, value] of Object.entries(reasoning.off)) expect(off[field]).toEqual(value);
    for (const field of REASONING_FIELDS) if (!(field in reasoning.off)) expect(off).not.toHaveProperty(field);
  });

  it('prompt caching: cache_control breakpoints reach the vendors that take them and are stripped elsewhere', async () => {
    t.upstream.next(recordedAnswer(vendor.text.file));
    const system = { type: 'text', text: 'A long shared prefix.', cache_control: { type: 'ephemeral' } };
    await ask(vendor, { messages: [{ role: 'system', content: [system] }, { role: 'user', content: 'Hi' }] });
    const { cache_control: _dropped, ...plain } = system;
    expect(messagesSent()[0]?.['content']).toEqual([has('prompt_caching') ? system : plain]);
  });

  it('a vendor 400 comes back as a 400 with the vendor name and its raw body', async () => {
    // No vendor here has a recorded error: OpenAI's 400 body, the error format they all share.
    const raw = readJsonFixture('openai/vercel-ai/openai-chat/reasoning-model-legacy-parameter-error.json');
    t.upstream.next({ status: 400, json: raw });
    const error = await ask(vendor, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("Unsupported parameter: 'max_tokens'");
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ metadata: { provider_name: vendor.name, raw } });
  });
});

interface TurnOne {
  readonly call: { id: string; name: string; arguments: unknown };
  readonly finish: string | null | undefined;
  readonly usage: unknown;
}

/** Turn 1 of the tool conversation, streamed when the recording is a stream: one call at index 0, id on its first piece. */
async function turnOne(vendor: VendorCase, question: OpenAI.ChatCompletionMessageParam): Promise<TurnOne> {
  const streamed = !(vendor.toolCall?.file.endsWith('.json') ?? false);
  if (!streamed) {
    const completion = await ask(vendor, { messages: [question], tools: [weather], tool_choice: 'required' });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('no function call');
    return { call: { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) as unknown }, finish: completion.choices[0]?.finish_reason, usage: completion.usage };
  }
  const chunks = await askStream(vendor, { messages: [question], tools: [weather], tool_choice: 'required' });
  const pieces = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  expect(new Set(pieces.map((piece) => piece.index))).toEqual(new Set([0]));
  expect(pieces[0]?.id).toBeDefined();
  expect(pieces.slice(1).every((piece) => piece.id === undefined || piece.id === pieces[0]?.id)).toBe(true);
  const name = pieces.map((piece) => piece.function?.name ?? '').join('');
  const args = pieces.map((piece) => piece.function?.arguments ?? '').join('');
  return { call: { id: pieces[0]?.id ?? '', name, arguments: JSON.parse(args) as unknown }, finish: finishOf(chunks), usage: chunks.at(-1)?.usage };
}

const vendorById = (id: string): VendorCase => {
  const found = VENDORS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no vendor ${id}`);
  return found;
};

describe('vendor specifics', () => {
  it.each([
    ['groq', 'groq/vercel-ai/groq-reasoning.chunks.txt'],
    ['xai', 'xai/vercel-ai/xai-tool-call.chunks.txt'],
    ['mistral', 'mistral/vercel-ai/mistral-reasoning.chunks.txt'],
    ['moonshotai', 'moonshotai/vercel-ai/moonshotai-stream.chunks.txt'],
    ['alibaba', 'alibaba/vercel-ai/alibaba-reasoning.chunks.txt'],
  ])('%s: streamed reasoning arrives as delta.reasoning with reasoning_details, before the answer', async (id, file) => {
    t.upstream.next(recordedAnswer(file));
    const chunks = await askStream(vendorById(id), { reasoning: { effort: 'high' } });
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as { reasoning?: string; reasoning_details?: Json[]; content?: string } | undefined);
    const reasoning = deltas.map((delta) => delta?.reasoning ?? '').join('');
    expect(reasoning).toBe(recordedReasoning(file));
    expect(deltas.flatMap((delta) => delta?.reasoning_details ?? []).map((detail) => detail['text']).join('')).toBe(reasoning);
    const firstText = deltas.findIndex((delta) => (delta?.content ?? '') !== '');
    const lastReasoning = deltas.findLastIndex((delta) => (delta?.reasoning ?? '') !== '');
    if (firstText !== -1) expect(lastReasoning).toBeLessThan(firstText);
  });

  it('Perplexity: citations become url_citation annotations, streamed once and in the JSON answer', async () => {
    t.upstream.next(recordedAnswer('perplexity/vercel-ai/perplexity-citations.chunks.txt'));
    const chunks = await askStream(vendorById('perplexity'), { messages: [{ role: 'user', content: 'Population of San Francisco?' }], web_search_options: { search_context_size: 'low' } });
    expect(sent()['web_search_options']).toEqual({ search_context_size: 'low' });
    type Annotation = { type: string; url_citation: { url: string } };
    const streamed = chunks.flatMap((chunk) => (chunk.choices[0]?.delta as { annotations?: Annotation[] } | undefined)?.annotations ?? []);
    const recordedCitations = (JSON.parse(readFixture('perplexity/vercel-ai/perplexity-citations.chunks.txt').split('\n')[0] ?? '{}') as { citations: string[] }).citations;
    expect(streamed.map((annotation) => annotation.url_citation.url)).toEqual(recordedCitations);
    expect(streamed.every((annotation) => annotation.type === 'url_citation')).toBe(true);

    t.upstream.next(recordedAnswer('perplexity/vercel-ai/perplexity-citations.json'));
    const completion = await ask(vendorById('perplexity'), { messages: [{ role: 'user', content: 'Population of San Francisco?' }] });
    const annotations = (completion.choices[0]?.message as unknown as { annotations: Annotation[] }).annotations;
    expect(annotations.map((annotation) => annotation.url_citation.url)).toEqual((readJsonFixture('perplexity/vercel-ai/perplexity-citations.json') as { citations: string[] }).citations);
    expectUsage(completion.usage, { prompt: 10, completion: 251 });
  });

  it('Mistral: an index-keyed streamed call whose second piece has an empty name; cache hits priced', async () => {
    t.upstream.next(recordedAnswer('mistral/vercel-ai/mistral-incremental-tool-call.chunks.txt'));
    const chunks = await askStream(vendorById('mistral'), { tools: [weather] });
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls.map((call) => call.index)).toEqual([0, 0]);
    expect(calls[0]).toMatchObject({ id: 'chatcmpl-tool-9f149c74c42f265b', function: { name: 'webSearchTool' } });
    expect(calls[1]?.id).toBeUndefined();
    expect(calls.map((call) => call.function?.name ?? '').join('')).toBe('webSearchTool');
    expect(JSON.parse(calls.map((call) => call.function?.arguments ?? '').join(''))).toEqual({ query: 'current Berlin weather' });
    expect(finishOf(chunks)).toBe('tool_calls');
    // Mistral streams usage unasked, here with 128 cached prompt tokens.
    expect(sent()).not.toHaveProperty('stream_options');
    expectUsage(chunks.at(-1)?.usage, { prompt: 171, completion: 14, cached: 128 });
  });
});
