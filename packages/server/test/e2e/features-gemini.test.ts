import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chunksToSse, readJsonFixture } from '@switchyard/test-support';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { LOOPBACK_MEDIA_CONFIG, startMediaServer, type MediaServer } from '../support/media-server.js';

/**
 * Gemini feature fidelity end to end: the real server, the official `openai` SDK, a fake Google AI
 * Studio replaying recorded answers, and a loopback media server for image and PDF URLs (the test
 * config turns the SSRF guard's private-address block off so the gateway may reach it).
 */
const R = 'google/vercel-ai/';
const V = 'google/vertexai-sdk-test-data/';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const MODEL = 'google/gemini-2.5-flash';

let t: TestGateway;
let client: OpenAI;
let media: MediaServer;

interface GeminiBody {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  generationConfig?: Record<string, unknown>;
  tools?: unknown[];
  toolConfig?: unknown;
}

const sentBody = (index = 0) => t.upstream.requests[index]?.body as GeminiBody;

beforeAll(async () => {
  media = await startMediaServer({
    '/cat.png': { status: 200, headers: { 'content-type': 'image/png' }, body: PNG },
    '/paper': { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: PDF },
    '/moved.png': { status: 302, headers: { location: '/cat.png' } },
  });
  t = await startTestGateway({ config: LOOPBACK_MEDIA_CONFIG });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await t.close();
  await media.close();
});
beforeEach(() => {
  t.upstream.reset();
  media.hits.length = 0;
});

describe('Gemini multimodal input through the gateway', () => {
  it('downloads an image URL and sends its bytes to Gemini as inlineData', async () => {
    t.upstream.next({ json: readJsonFixture(`${R}google-text.json`) });
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `${media.url}/moved.png` } },
            { type: 'image_url', image_url: { url: `${media.url}/moved.png` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toContain('strawberry');
    expect(t.upstream.requests[0]?.url).toBe('/gemini/v1beta/models/gemini-2.5-flash:generateContent');
    const inline = { inlineData: { mimeType: 'image/png', data: PNG.toString('base64') } };
    expect(sentBody().contents).toEqual([{ role: 'user', parts: [{ text: 'What is this?' }, inline, inline] }]);
    expect(media.hits).toEqual(['/moved.png', '/cat.png']);
  });

  it('sends PDFs (by URL, content type sniffed, and as a data URL) as application/pdf inlineData', async () => {
    t.upstream.next({ json: readJsonFixture(`${R}google-text.json`) });
    const pdfDataUrl = `data:application/pdf;base64,${PDF.toString('base64')}`;
    await client.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', file: { filename: 'paper.pdf', file_data: `${media.url}/paper` } },
            { type: 'file', file: { filename: 'inline.pdf', file_data: pdfDataUrl } },
            { type: 'text', text: 'Summarise both.' },
          ],
        },
      ],
    });
    const pdf = { inlineData: { mimeType: 'application/pdf', data: PDF.toString('base64') } };
    expect(sentBody().contents[0]?.parts).toEqual([pdf, pdf, { text: 'Summarise both.' }]);
  });

  it('answers a URL that cannot be downloaded with a 400 naming it, without calling Gemini', async () => {
    const missing = `${media.url}/missing.png`;
    const error = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: missing } }] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.status).toBe(400);
    expect(bad.message).toContain(`Could not download ${missing}: the server answered HTTP 404`);
    expect((bad.error as { metadata?: Record<string, unknown> }).metadata).toMatchObject({
      error_code: 'invalid_request',
      media_url: missing,
    });
    expect(t.upstream.requests).toHaveLength(0);
  });
});

describe('Gemini structured output, tools and usage through the gateway', () => {
  it('json_schema → responseMimeType + responseJsonSchema, and the JSON answer comes back', async () => {
    t.upstream.next({ json: readJsonFixture(`${V}vertexai/unary-success-constraint-decoding-json.json`) });
    const schema = {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, colors: { type: 'array', items: { type: 'string' } } }, required: ['name', 'colors'] },
    };
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Three palettes, please.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'palettes', schema, strict: true } },
    });
    expect(sentBody().generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema });
    const parsed = JSON.parse(completion.choices[0]?.message.content ?? '') as { name: string }[];
    expect(parsed.map((p) => p.name)).toEqual(['Fuji Dawn', 'Hawaiian Sunset', 'Jakarta Noon']);
  });

  it('a named tool_choice → functionCallingConfig ANY + allowedFunctionNames; the call comes back', async () => {
    t.upstream.next({ json: readJsonFixture(`${R}google-tool-call.json`) });
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'weather' } },
    });
    expect(sentBody().toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
    expect(sentBody().tools).toEqual([
      { functionDeclarations: [{ name: 'weather', parametersJsonSchema: { type: 'object', properties: { location: { type: 'string' } } } }] },
    ]);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' && [call.function.name, JSON.parse(call.function.arguments)]).toEqual([
      'weather',
      { location: 'San Francisco' },
    ]);
  });

  it('streams a tool call with a stable id and index', async () => {
    t.upstream.next({ body: chunksToSse(`${R}google-tool-call-gemini3.chunks.txt`) });
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
      stream: true,
    });
    const deltas: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish ??= chunk.choices[0]?.finish_reason;
    }
    expect(t.upstream.requests[0]?.url).toBe('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(deltas[0]?.index).toBe(0);
    expect(deltas[0]?.id).toMatch(/^call_/);
    expect(deltas.map((d) => d.function?.arguments ?? '').join('')).toBe('{"location":"San Francisco"}');
    expect(finish).toBe('tool_calls');
  });

  it('reports cachedContentTokenCount as cached tokens and prices them as input_cache_read', async () => {
    t.upstream.next({ json: readJsonFixture(`${V}vertexai/unary-success-implicit-caching.json`) });
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Again.' }] });
    const usage = completion.usage as OpenAI.CompletionUsage & { cost: number };
    expect(usage.prompt_tokens).toBe(12013);
    expect(usage.prompt_tokens_details?.cached_tokens).toBe(11243);
    expect(usage.completion_tokens).toBe(15 + 73);
    expect(usage.completion_tokens_details?.reasoning_tokens).toBe(73);
    // 770 uncached × $0.30/M + 11243 cached × $0.075/M + 88 × $2.50/M = 1294.225 µ$ → 1294 µ$
    expect(usage.cost).toBeCloseTo(0.001294, 9);
  });
});

interface ReasoningMessage {
  reasoning_details?: { type: string; data?: string; id?: string; format?: string }[];
}

describe('a two-turn Gemini tool conversation with reasoning', () => {
  it('returns the thought signature in reasoning_details and sends it back on the next turn', async () => {
    const turn1 = readJsonFixture(`${R}google-tool-call-gemini3.json`) as {
      candidates: { content: { parts: { thoughtSignature: string }[] } }[];
    };
    const signature = turn1.candidates[0]?.content.parts[0]?.thoughtSignature;
    t.upstream.next({ json: turn1 }).next({ json: readJsonFixture(`${R}google-text.json`) });
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } },
    ];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in San Francisco?' };
    const first = await client.chat.completions.create({
      model: MODEL,
      messages: [question],
      tools,
      reasoning_effort: 'high',
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(sentBody(0).generationConfig?.['thinkingConfig']).toMatchObject({ includeThoughts: true });
    const message = first.choices[0]?.message as OpenAI.ChatCompletionMessage & ReasoningMessage;
    const call = message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    expect(message.reasoning_details).toEqual([
      { type: 'reasoning.encrypted', data: signature, format: 'google-gemini-v1', index: 0, id: call?.id },
    ]);
    expect(first.usage?.completion_tokens_details?.reasoning_tokens).toBe(1801);

    const second = await client.chat.completions.create({
      model: MODEL,
      tools,
      messages: [
        question,
        { role: 'assistant', content: null, tool_calls: message.tool_calls, reasoning_details: message.reasoning_details } as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: call?.id ?? '', content: '{"forecast":"Foggy, 15°C"}' },
      ],
    });
    expect(second.choices[0]?.message.content).toContain('strawberry');
    expect(sentBody(1).contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in San Francisco?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: signature }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { forecast: 'Foggy, 15°C' } } }] },
    ]);
  });
});

/** The reasoning_details and tool calls of a streamed answer, assembled as a client would. */
async function collectTurn(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  const details: NonNullable<ReasoningMessage['reasoning_details']> = [];
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & ReasoningMessage) | undefined;
    details.push(...(delta?.reasoning_details ?? []));
    for (const piece of delta?.tool_calls ?? []) {
      const call = (calls[piece.index] ??= { id: piece.id ?? '', name: piece.function?.name ?? '', arguments: '' });
      call.arguments += piece.function?.arguments ?? '';
    }
  }
  return { details, calls };
}

describe('a streamed first turn', () => {
  it('carries the signature in delta.reasoning_details, which the client sends back as it came', async () => {
    t.upstream
      .next({ body: chunksToSse(`${R}google-tool-call-gemini3.chunks.txt`), chunkSize: 64 })
      .next({ json: readJsonFixture(`${R}google-text.json`) });
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in San Francisco?' };
    const stream = await client.chat.completions.create({ model: MODEL, messages: [question], tools, stream: true });
    const { details, calls } = await collectTurn(stream);
    const signed = details.find((d) => d.type === 'reasoning.encrypted');
    expect(signed?.data).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(signed?.id).toBe(calls[0]?.id);
    await client.chat.completions.create({
      model: MODEL,
      tools,
      messages: [
        question,
        {
          role: 'assistant',
          content: null,
          tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
          reasoning_details: details,
        } as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: calls[0]?.id ?? '', content: 'Foggy' },
      ],
    });
    expect(sentBody(1).contents[1]?.parts[0]).toMatchObject({ functionCall: { name: 'weather' }, thoughtSignature: signed?.data });
  });
});

describe('Gemini errors and blocks through the gateway', () => {
  /** The recorded INVALID_ARGUMENT envelope, with another status or message where a case has no recording. */
  const envelope = (patch: Record<string, unknown>) => {
    const body = readJsonFixture(`${V}vertexai/unary-failure-image-rejected.json`) as { error: Record<string, unknown> };
    return { error: { ...body.error, ...patch } };
  };
  const fail = (model = MODEL) =>
    client.chat.completions
      .create({ model, messages: [{ role: 'user', content: 'hi' }] })
      .then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
  const metadataOf = (error: InstanceType<typeof OpenAI.APIError> | undefined) =>
    (error?.error as { metadata?: Record<string, unknown> } | undefined)?.metadata;

  it('a safety block ends the answer with finish_reason content_filter', async () => {
    t.upstream.next({ json: readJsonFixture(`${V}googleai/unary-failure-finish-reason-safety.json`) });
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.finish_reason).toBe('content_filter');
  });

  it('a token-count overflow is context_length_exceeded (400)', async () => {
    const message = 'The input token count (1196265) exceeds the maximum number of tokens allowed (1048576).';
    t.upstream.next({ status: 400, json: envelope({ message }) });
    const error = await fail();
    expect(error?.status).toBe(400);
    expect(metadataOf(error)).toMatchObject({ error_code: 'context_length_exceeded', provider_name: 'Google AI Studio' });
    expect(error?.message).toContain(message);
  });

  it('503 UNAVAILABLE is provider overload (503), with the raw error kept', async () => {
    const body = envelope({ code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' });
    t.upstream.next({ status: 503, json: body });
    const error = await fail();
    expect(error?.status).toBe(503);
    expect(metadataOf(error)).toMatchObject({ error_code: 'upstream_overloaded', error_type: 'provider_overloaded', raw: body });
  });
});
