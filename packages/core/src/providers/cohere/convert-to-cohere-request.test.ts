import { chatCompletionRequestSchema } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { safeParseJson } from '../../json.js';
import type { BuildContext, HttpRequestSpec, ProviderSettings } from '../provider-adapter.js';
import type { CohereRequestBody } from './cohere-api-types.js';
import { cohereAdapter } from './cohere-adapter.js';

const SETTINGS: ProviderSettings = {
  id: 'cohere',
  name: 'Cohere',
  baseUrl: 'https://api.cohere.com/v2/',
  apiKey: 'co-test-key',
  headers: { 'x-client-name': 'switchyard' },
  timeoutMs: 60_000,
};

function context(request: Record<string, unknown>, overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    request: chatCompletionRequestSchema.parse({ model: 'cohere/command-a', ...request }),
    upstreamModel: 'command-a-03-2025',
    settings: SETTINGS,
    stream: false,
    maxCompletionTokens: 8000,
    now: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

interface Built {
  spec: HttpRequestSpec;
  body: CohereRequestBody;
}

function build(request: Record<string, unknown>, overrides: Partial<BuildContext> = {}): Built {
  const spec = cohereAdapter.buildRequest(context(request, overrides));
  const parsed = safeParseJson(spec.body);
  if (!parsed.ok) throw parsed.error;
  const body = parsed.value as CohereRequestBody;
  expect({ ...spec, body }).toMatchSnapshot('request');
  return { spec, body };
}

function buildError(request: Record<string, unknown>): GatewayError {
  try {
    cohereAdapter.buildRequest(context(request));
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('buildRequest did not throw');
}

const hi = { messages: [{ role: 'user', content: 'Hi' }] };
const weather = { type: 'function', function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const clock = { type: 'function', function: { name: 'clock', parameters: { type: 'object', properties: {} } } };
const reasoningModel = { upstreamModel: 'command-a-reasoning-08-2025', maxCompletionTokens: 32_000 };

describe('Cohere request: endpoint, auth, framing', () => {
  it('POSTs {base}/chat with Bearer auth and the operator headers last; JSON when not streaming', () => {
    const { spec, body } = build(hi);
    expect(spec.url).toBe('https://api.cohere.com/v2/chat');
    expect(spec.headers['authorization']).toBe('Bearer co-test-key');
    expect(spec.headers['x-client-name']).toBe('switchyard');
    expect(spec.framing).toBe('json');
    expect(body).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('streams as SSE with stream: true', () => {
    const { spec, body } = build(hi, { stream: true });
    expect(spec.framing).toBe('sse');
    expect(spec.headers['accept']).toBe('text/event-stream');
    expect(body.stream).toBe(true);
  });
});

describe('Cohere request: parameters', () => {
  it('maps sampling parameters to Cohere names (p, k, stop_sequences); max_completion_tokens wins', () => {
    const { body } = build({
      ...hi,
      temperature: 0.4,
      top_p: 0.9,
      top_k: 40,
      max_tokens: 100,
      max_completion_tokens: 200,
      stop: ['END', 'STOP'],
      seed: 7,
      frequency_penalty: 0.2,
      presence_penalty: 0.1,
    });
    expect(body).toMatchObject({ temperature: 0.4, p: 0.9, k: 40, max_tokens: 200, stop_sequences: ['END', 'STOP'], seed: 7, frequency_penalty: 0.2, presence_penalty: 0.1 });
    expect(body).not.toHaveProperty('top_p');
  });

  it("clamps to Cohere's ranges: p 0.01–0.99, k ≤ 500, penalties 0–1", () => {
    const { body } = build({ ...hi, top_p: 1, top_k: 1000, frequency_penalty: 1.5, presence_penalty: -0.5 });
    expect(body).toMatchObject({ p: 0.99, k: 500, frequency_penalty: 1, presence_penalty: 0 });
    expect(build({ ...hi, top_p: 0 }).body.p).toBe(0.01);
  });

  it('a single stop string becomes a one-item list', () => {
    expect(build({ ...hi, stop: 'END' }).body.stop_sequences).toEqual(['END']);
  });

  it('json_object and json_schema both become Cohere json_object (with the schema)', () => {
    expect(build({ ...hi, response_format: { type: 'json_object' } }).body.response_format).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const { body } = build({ ...hi, response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema } } });
    expect(body.response_format).toEqual({ type: 'json_object', json_schema: schema });
    expect(build({ ...hi, response_format: { type: 'text' } }).body).not.toHaveProperty('response_format');
  });
});

describe('Cohere request: tools', () => {
  it('sends function tools; auto is Cohere default (no tool_choice)', () => {
    const { body } = build({ ...hi, tools: [weather, clock], tool_choice: 'auto' });
    expect(body.tools?.map((t) => t.function.name)).toEqual(['weather', 'clock']);
    expect(body.tools?.[0]).toEqual(weather);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('required → REQUIRED, none → NONE', () => {
    expect(build({ ...hi, tools: [weather], tool_choice: 'required' }).body.tool_choice).toBe('REQUIRED');
    expect(build({ ...hi, tools: [weather], tool_choice: 'none' }).body.tool_choice).toBe('NONE');
  });

  it('a named function is emulated: only that tool, with REQUIRED', () => {
    const { body } = build({ ...hi, tools: [weather, clock], tool_choice: { type: 'function', function: { name: 'clock' } } });
    expect(body.tools?.map((t) => t.function.name)).toEqual(['clock']);
    expect(body.tool_choice).toBe('REQUIRED');
  });

  it('a named function that is not among the tools keeps all tools and forces nothing', () => {
    const { body } = build({ ...hi, tools: [weather], tool_choice: { type: 'function', function: { name: 'nope' } } });
    expect(body.tools?.map((t) => t.function.name)).toEqual(['weather']);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('strict on any tool turns on strict_tools', () => {
    const strict = { ...weather, function: { ...weather.function, strict: true } };
    expect(build({ ...hi, tools: [strict, clock] }).body.strict_tools).toBe(true);
  });
});

describe('Cohere request: reasoning (thinking)', () => {
  it('effort → a token budget share of max_tokens (below it)', () => {
    expect(build({ ...hi, max_tokens: 10_000, reasoning: { effort: 'low' } }, reasoningModel).body.thinking).toEqual({ type: 'enabled', token_budget: 2000 });
  });

  it('effort without max_tokens uses the catalog output limit', () => {
    expect(build({ ...hi, reasoning_effort: 'high' }, reasoningModel).body.thinking).toEqual({ type: 'enabled', token_budget: 25_600 });
  });

  it('reasoning.max_tokens → token_budget, kept below max_tokens', () => {
    expect(build({ ...hi, reasoning: { max_tokens: 4096 } }, reasoningModel).body.thinking).toEqual({ type: 'enabled', token_budget: 4096 });
    expect(build({ ...hi, max_tokens: 1000, reasoning: { max_tokens: 4096 } }, reasoningModel).body.thinking).toEqual({ type: 'enabled', token_budget: 999 });
  });

  it('xhigh/max leave thinking unlimited; off → disabled', () => {
    expect(build({ ...hi, reasoning: { effort: 'xhigh' } }, reasoningModel).body.thinking).toEqual({ type: 'enabled' });
    expect(build({ ...hi, reasoning: { effort: 'none' } }, reasoningModel).body.thinking).toEqual({ type: 'disabled' });
    expect(build({ ...hi, reasoning: { enabled: false } }, reasoningModel).body.thinking).toEqual({ type: 'disabled' });
  });

  it('only reasoning models get thinking; exclude alone keeps the default', () => {
    expect(build({ ...hi, reasoning: { effort: 'high' } }).body).not.toHaveProperty('thinking');
    expect(build({ ...hi, include_reasoning: false }, reasoningModel).body).not.toHaveProperty('thinking');
  });
});

const toolTurn = (extra: Record<string, unknown>) => ({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'weather_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }], ...extra },
    { role: 'tool', tool_call_id: 'weather_1', content: '{"temp":21}' },
    { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
  ],
  tools: [weather],
});

describe('Cohere request: messages', () => {
  it('a tool conversation: system messages first, tool calls with their plan, tool results by id', () => {
    const { body } = build(toolTurn({ reasoning: 'I will call weather.' }));
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', tool_plan: 'I will call weather.', tool_calls: [{ id: 'weather_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'weather_1', content: '{"temp":21}' },
    ]);
  });

  it('reasoning_details round trip: thinking back as thinking content (reasoning models), the summary as tool_plan', () => {
    const details = [
      { type: 'reasoning.text', text: 'Need the weather.', format: 'unknown', index: 0 },
      { type: 'reasoning.summary', summary: 'I will call weather.', format: 'unknown', index: 1 },
      { type: 'reasoning.text', text: 'signed elsewhere', format: 'anthropic-claude-v1', index: 2 },
    ];
    const { body } = build(toolTurn({ reasoning_details: details, content: 'Checking.' }), reasoningModel);
    expect(body.messages[3]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Need the weather.' },
        { type: 'text', text: 'Checking.' },
      ],
      tool_plan: 'I will call weather.',
      tool_calls: [{ id: 'weather_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
    });
  });

  it('non-reasoning models never get thinking content back', () => {
    const details = [{ type: 'reasoning.text', text: 'Need the weather.', format: 'unknown', index: 0 }];
    const { body } = build(toolTurn({ reasoning_details: details, content: 'Checking.' }));
    expect(body.messages[3]).toMatchObject({ role: 'assistant', content: 'Checking.' });
    expect(body.messages[3]).not.toHaveProperty('tool_plan');
  });

  it('empty assistant turns are dropped; empty tool arguments become {}', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'noon' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'noon' }] },
    ]);
  });

  it('images by http(s) URL and by data: URL pass as image_url parts (Cohere fetches URLs itself)', () => {
    const { body } = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'original' } },
            { type: 'text', text: '' },
          ],
        },
      ],
    });
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Compare' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
      ],
    });
    expect(cohereAdapter.inlineRemoteMedia).toBe(false);
  });

  it('rejects what Cohere chat cannot take, naming the field', () => {
    const part = (content: unknown) => buildError({ messages: [{ role: 'user', content: [content] }] });
    const file = part({ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' } });
    expect([file.code, file.message]).toEqual(['invalid_request', 'messages[0].content[0]: Cohere chat does not accept file parts (send the text, or use an image)']);
    expect(part({ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }).message).toMatch(/^messages\[0\]\.content\[0\]: .*audio/);
    expect(part({ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }).message).toMatch(/^messages\[0\]\.content\[0\]\.image_url\.url: /);
    const tool = buildError({ messages: [{ role: 'tool', tool_call_id: 'x', content: [{ type: 'image_url', image_url: { url: 'https://e.com/a.png' } }] }] });
    expect(tool.message).toBe('messages[0].content[0]: Cohere tool results take text only');
  });
});
