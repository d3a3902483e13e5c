import { chatCompletionRequestSchema } from '@switchyard/protocol';
import { createSpecValidator, detailsOf, readJsonFixture, toolCallsOf } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { inlineRemoteMedia } from '../../media/inline-remote-media.js';
import type { MediaFetcher } from '../../ports/media-fetcher.js';
import { FEATURES } from '../capabilities.js';
import type { BuildContext, HttpRequestSpec, ProviderSettings } from '../provider-adapter.js';
import { parseJson } from './__fixtures__/gemini-test-helpers.js';
import { SKIP_SIGNATURE } from './convert-gemini-messages.js';
import { geminiAdapter } from './gemini-adapter.js';
import type { GeminiRequestBody } from './gemini-api-types.js';

const gemini = createSpecValidator('gemini');

const SETTINGS: ProviderSettings = {
  id: 'google-ai-studio',
  name: 'Google AI Studio',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  apiKey: 'test-key',
  headers: { 'x-goog-user-project': 'demo' },
  timeoutMs: 60_000,
};

function context(request: Record<string, unknown>, overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    request: chatCompletionRequestSchema.parse({ model: 'google/gemini-2.5-flash', ...request }),
    upstreamModel: 'gemini-2.5-flash',
    settings: SETTINGS,
    stream: false,
    maxCompletionTokens: undefined,
    now: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

interface Built {
  spec: HttpRequestSpec;
  body: GeminiRequestBody;
}

/** Builds the request and checks the body against the spec's GenerateContentRequest. */
function build(request: Record<string, unknown>, overrides: Partial<BuildContext> = {}): Built {
  const spec = geminiAdapter.buildRequest(context(request, overrides));
  const body = parseJson(spec.body) as Built['body'];
  expect(gemini.errors('GenerateContentRequest', body)).toEqual([]);
  expect({ ...spec, body }).toMatchSnapshot('request');
  return { spec, body };
}

function buildError(request: Record<string, unknown>): GatewayError {
  try {
    geminiAdapter.buildRequest(context(request));
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('buildRequest did not throw');
}

const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });

describe('spec validation is on', () => {
  it('rejects a canary body that breaks GenerateContentRequest', () => {
    const { body } = build(user('hi'));
    const canary = { ...body, contents: [{ role: 'user', parts: [{ text: 42 }] }], generationConfig: { topK: 'many' } };
    expect(gemini.errors('GenerateContentRequest', canary).length).toBeGreaterThan(0);
  });
});

describe('buildRequest', () => {
  it('builds a generateContent call with system instruction, sampling and headers', () => {
    const { spec, body } = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hello' },
      ],
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      max_tokens: 256,
      stop: 'END',
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    expect(spec.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(spec.framing).toBe('json');
    expect(spec.headers).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'test-key', 'x-goog-user-project': 'demo' });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hello' }] }]);
    expect(body.generationConfig).toEqual({
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
    });
  });

  it('streams with alt=sse, omits the key header without a key and lets settings headers win', () => {
    const settings = { ...SETTINGS, baseUrl: 'https://proxy.example/v1beta/', apiKey: undefined, headers: { 'content-type': 'application/json; charset=utf-8' } };
    const { spec, body } = build({ ...user('Hi'), n: 2, max_completion_tokens: 99, max_tokens: 5 }, { stream: true, settings });
    expect(spec.url).toBe('https://proxy.example/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(spec.framing).toBe('sse');
    expect(spec.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 99, candidateCount: 2 });
  });

  it('keeps resource names that already carry a collection', () => {
    expect(build(user('x'), { upstreamModel: 'tunedModels/my-tune' }).spec.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/tunedModels/my-tune:generateContent',
    );
  });

  it('converts images, PDFs, audio and video to inlineData or fileData', () => {
    const { body } = build(
      user([
        { type: 'text', text: 'Describe these.' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.webp?size=large' } },
        { type: 'image_url', image_url: { url: 'https://example.com/render' } },
        { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
        { type: 'file', file: { filename: 'b.pdf', file_data: 'JVBERi0y' } },
        { type: 'file', file: { file_data: 'https://example.com/paper.pdf' } },
        { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
        { type: 'video_url', video_url: { url: 'https://www.youtube.com/watch?v=abc' } },
      ]),
    );
    expect(body.contents[0]?.parts).toEqual([
      { text: 'Describe these.' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { fileUri: 'https://example.com/cat.webp?size=large', mimeType: 'image/webp' } },
      { fileData: { fileUri: 'https://example.com/render', mimeType: 'image/jpeg' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0x' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0y' } },
      { fileData: { fileUri: 'https://example.com/paper.pdf', mimeType: 'application/pdf' } },
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { fileData: { fileUri: 'https://www.youtube.com/watch?v=abc', mimeType: 'video/mp4' } },
    ]);
  });

  it('turns tool calls into functionCall parts and tool results into functionResponse parts, merging turns', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: 'sunny' }] },
        { role: 'user', content: 'Thanks!' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false } } }],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'weather', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { temp: 21 } } },
          { functionResponse: { name: 'weather', response: { content: 'sunny' } } },
          { text: 'Thanks!' },
        ],
      },
    ]);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Weather',
            parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false },
          },
        ],
      },
    ]);
  });

  it('sends back the thought signatures it emitted, on the parts they came from', () => {
    // Turn 1 is the recorded Gemini 3 answer; turn 2 is built from the events the adapter made of it.
    const events = geminiAdapter.parseResponse(readJsonFixture('google/vercel-ai/google-tool-call-gemini3.json'), 'Google');
    const calls = toolCallsOf(events);
    const details = detailsOf(events);
    const { body } = build(
      {
        messages: [
          { role: 'user', content: 'Weather in San Francisco?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
            reasoning_details: details,
          },
          { role: 'tool', tool_call_id: calls[0]?.id, content: 'Foggy, 15°C' },
        ],
        tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
      },
      { upstreamModel: 'gemini-3-pro-preview' },
    );
    expect(body.contents[1]?.parts).toEqual([
      { functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: details[0]?.data },
    ]);
    expect(body.contents[2]?.parts).toEqual([{ functionResponse: { name: 'weather', response: { content: 'Foggy, 15°C' } } }]);
  });

  it('puts an id-less signature on the text part and ignores other formats', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Hello!',
          reasoning_details: [
            { type: 'reasoning.text', text: 'greeting', format: 'google-gemini-v1', index: 0 },
            { type: 'reasoning.encrypted', data: 'c2lnLXRleHQ=', format: 'google-gemini-v1', index: 1 },
            { type: 'reasoning.encrypted', data: 'b3RoZXI=', format: 'anthropic-claude-v1', index: 2 },
          ],
        },
        { role: 'user', content: 'Bye' },
      ],
    });
    expect(body.contents[1]).toEqual({ role: 'model', parts: [{ text: 'Hello!', thoughtSignature: 'c2lnLXRleHQ=' }] });
  });

  it('marks unsigned function calls for Gemini 3 only', () => {
    const history = {
      messages: [
        { role: 'user', content: 'Time?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'now', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't1', content: '12:00' },
      ],
    };
    expect(build(history, { upstreamModel: 'gemini-3-flash-preview' }).body.contents[1]?.parts).toEqual([
      { functionCall: { name: 'now', args: {} }, thoughtSignature: SKIP_SIGNATURE },
    ]);
    expect(build(history).body.contents[1]?.parts).toEqual([{ functionCall: { name: 'now', args: {} } }]);
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ type: 'function', function: { name: 'lookup' } }, { mode: 'ANY', allowedFunctionNames: ['lookup'] }],
  ])('maps tool_choice %j', (choice, config) => {
    const { body } = build({ ...user('x'), tools: [{ type: 'function', function: { name: 'lookup' } }], tool_choice: choice });
    expect(body.toolConfig).toEqual({ functionCallingConfig: config });
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: 'lookup' }] }]);
  });

  it('maps response_format to responseMimeType and the full JSON schema to responseJsonSchema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const { body } = build({ ...user('x'), response_format: { type: 'json_schema', json_schema: { name: 'a', schema, strict: true } } });
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(build({ ...user('x'), response_format: { type: 'json_object' } }).body.generationConfig).toEqual({
      responseMimeType: 'application/json',
    });
    expect(build({ ...user('x'), response_format: { type: 'text' } }).body.generationConfig).toBeUndefined();
  });
});

describe('buildRequest reasoning → thinkingConfig', () => {
  it.each([
    ['2.5 effort → share of max_tokens', 'gemini-2.5-flash', { reasoning: { effort: 'high' }, max_tokens: 10_000 }, { includeThoughts: true, thinkingBudget: 8000 }],
    ['2.5 effort without max_tokens → share of 65536, clamped', 'gemini-2.5-flash', { reasoning_effort: 'medium' }, { includeThoughts: true, thinkingBudget: 24_576 }],
    ['2.5 max_tokens → budget', 'gemini-2.5-flash', { reasoning: { max_tokens: 2048 } }, { includeThoughts: true, thinkingBudget: 2048 }],
    ['2.5 exclude → no thoughts returned', 'gemini-2.5-flash', { reasoning: { effort: 'low', exclude: true }, max_tokens: 4000 }, { thinkingBudget: 800 }],
    ['2.5 effort none → budget 0', 'gemini-2.5-flash', { reasoning: { effort: 'none' } }, { thinkingBudget: 0 }],
    ['2.5 Pro cannot turn off → its minimum', 'gemini-2.5-pro', { reasoning: { enabled: false } }, { thinkingBudget: 128 }],
    ['2.5 Pro effort clamps to 32768', 'gemini-2.5-pro', { reasoning: { effort: 'xhigh' } }, { includeThoughts: true, thinkingBudget: 32_768 }],
    ['3 Pro medium → HIGH (LOW/HIGH only)', 'gemini-3-pro-preview', { reasoning: { effort: 'medium' } }, { includeThoughts: true, thinkingLevel: 'HIGH' }],
    ['3 Pro minimal → LOW', 'gemini-3-pro-preview', { reasoning: { effort: 'minimal' } }, { includeThoughts: true, thinkingLevel: 'LOW' }],
    ['3 Flash minimal → MINIMAL', 'gemini-3-flash-preview', { reasoning: { effort: 'minimal' } }, { includeThoughts: true, thinkingLevel: 'MINIMAL' }],
    ['3.1 Pro xhigh → HIGH', 'gemini-3.1-pro-preview', { reasoning: { effort: 'xhigh' } }, { includeThoughts: true, thinkingLevel: 'HIGH' }],
    ['3.1 Pro medium → MEDIUM', 'gemini-3.1-pro-preview', { reasoning: { effort: 'medium' } }, { includeThoughts: true, thinkingLevel: 'MEDIUM' }],
    ['3 max_tokens → thinkingBudget', 'gemini-3-flash-preview', { reasoning: { max_tokens: 1500 } }, { includeThoughts: true, thinkingBudget: 1500 }],
    ['3 off → lowest level', 'gemini-3-flash-preview', { reasoning: { effort: 'none' } }, { thinkingLevel: 'MINIMAL' }],
    ['enabled alone → medium', 'models/gemini-3-flash-preview', { reasoning: { enabled: true } }, { includeThoughts: true, thinkingLevel: 'MEDIUM' }],
    // Catalog models: each gets a level it accepts (gemini-thinking-levels.ts).
    ['4 Argon off → LOW (no MINIMAL, no off switch)', 'gemini-4-argon', { reasoning: { effort: 'none' } }, { thinkingLevel: 'LOW' }],
    ['4 Argon minimal → LOW', 'gemini-4-argon', { reasoning: { effort: 'minimal' } }, { includeThoughts: true, thinkingLevel: 'LOW' }],
    ['4 Argon medium → MEDIUM', 'gemini-4-argon', { reasoning_effort: 'medium' }, { includeThoughts: true, thinkingLevel: 'MEDIUM' }],
    ['4 Argon xhigh → HIGH', 'gemini-4-argon', { reasoning: { effort: 'xhigh' } }, { includeThoughts: true, thinkingLevel: 'HIGH' }],
    ['3.8 Flash off → LOW', 'gemini-3.8-flash', { reasoning: { enabled: false } }, { thinkingLevel: 'LOW' }],
    ['3.8 Flash minimal → LOW', 'gemini-3.8-flash', { reasoning_effort: 'minimal' }, { includeThoughts: true, thinkingLevel: 'LOW' }],
    ['3.8 Flash on Vertex, minimal → LOW', 'publishers/google/models/gemini-3.8-flash', { reasoning_effort: 'minimal' }, { includeThoughts: true, thinkingLevel: 'LOW' }],
    ['3.5 Flash-Lite off → MINIMAL', 'gemini-3.5-flash-lite', { reasoning: { effort: 'none' } }, { thinkingLevel: 'MINIMAL' }],
    ['3.5 Flash-Lite minimal → MINIMAL', 'gemini-3.5-flash-lite', { reasoning_effort: 'minimal' }, { includeThoughts: true, thinkingLevel: 'MINIMAL' }],
    ['3.5 Flash-Lite high → HIGH', 'gemini-3.5-flash-lite', { reasoning_effort: 'high' }, { includeThoughts: true, thinkingLevel: 'HIGH' }],
    ['3.1 Pro off → LOW', 'gemini-3.1-pro-preview', { reasoning: { effort: 'none' } }, { thinkingLevel: 'LOW' }],
    ['2.5 Flash-Lite off → budget 0', 'gemini-2.5-flash-lite', { reasoning: { effort: 'none' } }, { thinkingBudget: 0 }],
    ['2.5 Flash-Lite minimal → its 512 minimum', 'gemini-2.5-flash-lite', { reasoning_effort: 'minimal', max_tokens: 1000 }, { includeThoughts: true, thinkingBudget: 512 }],
  ])('%s', (_name, model, request, thinkingConfig) => {
    const { body } = build({ ...user('Think.'), ...request }, { upstreamModel: model });
    expect(body.generationConfig?.thinkingConfig).toEqual(thinkingConfig);
  });

  it('uses the catalog output limit as the effort base when the request has none', () => {
    const { body } = build({ ...user('x'), reasoning: { effort: 'low' } }, { maxCompletionTokens: 8192 });
    expect(body.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 1638 } });
  });

  it('leaves thinking alone when include_reasoning: false is the only reasoning field', () => {
    expect(build({ ...user('x'), include_reasoning: false }).body.generationConfig).toBeUndefined();
    expect(build(user('x')).body.generationConfig).toBeUndefined();
  });
});

describe('buildRequest rejects what Gemini cannot take, naming the field', () => {
  it.each([
    [
      'unparsable tool arguments',
      { messages: [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] },
      /^messages\[1\]\.tool_calls\[0\]\.function\.arguments: not valid JSON/,
    ],
    [
      'non-object tool arguments',
      { messages: [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] },
      /^messages\[1\]\.tool_calls\[0\]\.function\.arguments: must be a JSON object/,
    ],
    [
      'a tool result for an unknown call',
      { messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'nope', content: 'r' }] },
      /^messages\[1\]\.tool_call_id: no earlier assistant tool call has id "nope"/,
    ],
    ['a file given only by id', user([{ type: 'file', file: { file_id: 'file-123' } }]), /^messages\[0\]\.content\[0\]\.file\.file_data:/],
    ['an image URL Gemini cannot fetch', user([{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }]), /^messages\[0\]\.content\[0\]\.image_url\.url:/],
  ])('%s', (_name, request, message) => {
    const error = buildError(request);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });
});

describe('remote media and capabilities', () => {
  it('asks the executor to download media, then sends the downloaded bytes as inlineData', async () => {
    expect(geminiAdapter.inlineRemoteMedia).toBe(true);
    const request = chatCompletionRequestSchema.parse({
      model: 'google/gemini-2.5-flash',
      ...user([
        { type: 'image_url', image_url: { url: 'https://img.example/cat' } },
        { type: 'file', file: { filename: 'paper.pdf', file_data: 'https://docs.example/paper.pdf' } },
        { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
      ]),
    });
    const fetcher: MediaFetcher = {
      fetch: (url) => Promise.resolve({ mediaType: url.endsWith('.pdf') ? 'application/pdf' : 'image/webp', data: 'QUJD' }),
    };
    const inlined = await inlineRemoteMedia(request, fetcher, { signal: new AbortController().signal });
    const { body } = build(inlined as unknown as Record<string, unknown>);
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/webp', data: 'QUJD' } },
      { inlineData: { mimeType: 'application/pdf', data: 'QUJD' } },
      { inlineData: { mimeType: 'audio/mp3', data: 'SUQz' } },
    ]);
  });

  it('declares every feature', () => {
    expect(Object.keys(geminiAdapter.capabilities ?? {}).sort()).toEqual([...FEATURES].sort());
    expect(geminiAdapter.capabilities).toMatchObject({ image_url: 'emulated', pdf: 'native', reasoning_round_trip: 'native', citations: 'native' });
  });
});
