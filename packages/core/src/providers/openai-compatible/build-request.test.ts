import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseChatCompletionRequest, type ChatCompletionRequest } from '@switchyard/protocol';
import { SPECS_DIR, createSpecValidator, type SpecValidator } from '@switchyard/test-support';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { HttpRequestSpec, ProviderSettings } from '../provider-adapter.js';
import { GATEWAY_ONLY_FIELDS, nearestEffort } from './build-request.js';
import { BEARER_AUTH, COMMON_FIELDS, type OpenAiCompatibleFlavor } from './flavor.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';

const openaiSpec = createSpecValidator('openai');

/** Mistral's spec is not in test-support: Ajv 2020 over specs/mistral/openapi.yaml (OpenAPI 3.1). */
function mistralValidator(): SpecValidator {
  const spec = parseYaml(readFileSync(path.join(SPECS_DIR, 'mistral/openapi.yaml'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const id = 'https://switchyard.test/mistral.json';
  ajv.addSchema({ ...spec, $id: id });
  return {
    errors(schema, value) {
      const validate = ajv.getSchema(`${id}#/components/schemas/${schema}`);
      if (validate === undefined) throw new Error(`mistral spec has no schema ${schema}`);
      return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
const mistralSpec = mistralValidator();

const SETTINGS: ProviderSettings = {
  id: 'vendor',
  name: 'Vendor',
  baseUrl: 'https://api.vendor.test/v1/',
  apiKey: 'sk-test',
  headers: {},
  timeoutMs: 60_000,
};

/** A request using every feature the adapter translates, plus gateway-only and vendor-specific fields. */
const KITCHEN_SINK = {
  model: 'openai/gpt-4o',
  models: ['openai/gpt-4o', 'mistralai/mistral-large'],
  messages: [
    { role: 'developer', content: 'Answer briefly.' },
    { role: 'system', content: [{ type: 'text', text: 'Shared context.', cache_control: { type: 'ephemeral' } }] },
    {
      role: 'user',
      name: 'alice',
      content: [
        { type: 'text', text: 'What is the weather where this photo was taken?' },
        { type: 'image_url', image_url: { url: 'https://example.com/paris.png', detail: 'auto' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      reasoning: 'The user wants the weather; call the tool.',
      reasoning_details: [{ type: 'reasoning.text', text: 'The user wants the weather; call the tool.', format: 'unknown', index: 0 }],
      tool_calls: [{ id: 'call_1', index: 0, function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp": 21}' },
  ],
  tools: [
    {
      type: 'function',
      function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: null },
      cache_control: { type: 'ephemeral' },
    },
    { type: 'function', function: { name: 'now' } },
  ],
  tool_choice: 'required',
  temperature: 1.8,
  top_p: 0.9,
  seed: 42,
  max_tokens: 500,
  stop: ['END'],
  user: 'user-123',
  frequency_penalty: 0.1,
  presence_penalty: null,
  top_k: 40,
  reasoning: { effort: 'xhigh' },
  // Gateway-only: never forwarded.
  provider: { order: ['openai'] },
  route: 'fallback',
  transforms: ['middle-out'],
  usage: { include: true },
  plugins: [{ id: 'web' }],
  session_id: 'session-1',
  debug: { echo_upstream_body: true },
  trace: { trace_id: 'trace-1' },
  cache_control: { type: 'ephemeral' },
  stream_options: { include_usage: false },
  include_reasoning: true,
  // Vendor-specific passthrough.
  safe_prompt: true,
  enable_search: true,
  prompt_cache_options: { mode: 'explicit' },
  x_unknown_field: 1,
};

/** KITCHEN_SINK without its image for vendors that take text only (they answer those with a 400, see features.test.ts). */
function sinkFor(candidate: OpenAiCompatibleFlavor): Record<string, unknown> {
  if (candidate.media?.image !== false) return KITCHEN_SINK;
  const messages = KITCHEN_SINK.messages.map((message) =>
    Array.isArray(message.content) ? { ...message, content: (message.content as { type: string }[]).filter((part) => part.type === 'text') } : message,
  );
  return { ...KITCHEN_SINK, messages };
}

function request(body: Record<string, unknown>): ChatCompletionRequest {
  const parsed = parseChatCompletionRequest(body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** Builds the request and checks the body against the vendor's published schema (OpenAI's, or Mistral's). */
function build(
  flavor: OpenAiCompatibleFlavor,
  body: Record<string, unknown>,
  options: { stream?: boolean; settings?: Partial<ProviderSettings> } = {},
): { spec: HttpRequestSpec; body: Record<string, unknown> } {
  const adapter = createOpenAiCompatibleAdapter(flavor);
  const spec = adapter.buildRequest({
    request: request(body),
    upstreamModel: 'vendor-model-1',
    settings: { ...SETTINGS, ...options.settings },
    stream: options.stream ?? false,
    maxCompletionTokens: 8192,
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const sent = JSON.parse(spec.body) as Record<string, unknown>;
  if (flavor.id === 'mistral') expect(mistralSpec.errors('ChatCompletionRequest', sent)).toEqual([]);
  else expect(openaiSpec.errors('CreateChatCompletionRequest', sent)).toEqual([]);
  return { spec, body: sent };
}

function flavor(id: string): OpenAiCompatibleFlavor {
  const found = OPENAI_COMPATIBLE_FLAVORS[id];
  if (found === undefined) throw new Error(`no flavor ${id}`);
  return found;
}

const messagesOf = (body: Record<string, unknown>) => body['messages'] as Record<string, unknown>[];

describe('spec validators (canaries: validation is really on)', () => {
  it('OpenAI rejects an invalid chat body', () => {
    const bad = { model: 'gpt-4o', messages: [{ role: 'wizard', content: 1 }], temperature: 7 };
    expect(openaiSpec.errors('CreateChatCompletionRequest', bad)).not.toEqual([]);
  });
  it('Mistral rejects unknown fields and OpenAI-only values', () => {
    const base = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }] };
    expect(mistralSpec.errors('ChatCompletionRequest', base)).toEqual([]);
    expect(mistralSpec.errors('ChatCompletionRequest', { ...base, user: 'u' })).not.toEqual([]);
    expect(mistralSpec.errors('ChatCompletionRequest', { ...base, stream_options: { include_usage: true } })).not.toEqual([]);
    expect(mistralSpec.errors('ChatCompletionRequest', { ...base, temperature: 1.8 })).not.toEqual([]);
  });
});

describe('every flavor', () => {
  for (const [id, candidate] of Object.entries(OPENAI_COMPATIBLE_FLAVORS)) {
    for (const stream of [false, true]) {
      it(`${id} (${stream ? 'stream' : 'json'}): spec-valid body, gateway fields stripped`, () => {
        const { spec, body } = build(candidate, sinkFor(candidate), { stream });
        expect(spec.url).toBe('https://api.vendor.test/v1/chat/completions');
        expect(spec.headers['Authorization']).toBe('Bearer sk-test');
        expect(spec.framing).toBe(stream ? 'sse' : 'json');
        expect(body['model']).toBe('vendor-model-1');
        for (const field of GATEWAY_ONLY_FIELDS) expect(body).not.toHaveProperty(field);
        expect(body).not.toHaveProperty('include_reasoning');
        expect(body).not.toHaveProperty('reasoning_details');
        expect(body[candidate.maxTokensField]).toBe(500);
        expect(body).not.toHaveProperty(candidate.maxTokensField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens');
        expect(body['stream_options']).toEqual(stream && candidate.streamUsage ? { include_usage: true } : undefined);
        expect(body['stream']).toBe(stream ? true : undefined);
        expect(body).not.toHaveProperty('presence_penalty');
        const assistant = messagesOf(body).find((message) => message['role'] === 'assistant');
        expect(assistant?.['tool_calls']).toEqual([{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }]);
        expect({ ...spec, body }).toMatchSnapshot();
      });
    }
  }
});

describe('vendor differences', () => {
  it('openai: max_completion_tokens, reasoning_effort, developer role, no reasoning sent back', () => {
    const { body } = build(flavor('openai'), KITCHEN_SINK);
    expect(body).toMatchObject({ max_completion_tokens: 500, reasoning_effort: 'xhigh', seed: 42, user: 'user-123', top_p: 0.9 });
    expect(body['prompt_cache_options']).toEqual({ mode: 'explicit' });
    expect(messagesOf(body)[0]).toEqual({ role: 'developer', content: 'Answer briefly.' });
    expect(messagesOf(body)[1]).toEqual({ role: 'system', content: [{ type: 'text', text: 'Shared context.' }] });
    expect(messagesOf(body)[3]).not.toHaveProperty('reasoning');
    for (const field of ['top_k', 'safe_prompt', 'enable_search', 'x_unknown_field']) expect(body).not.toHaveProperty(field);
    expect(body['tools']).toEqual([
      { type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
      { type: 'function', function: { name: 'now' } },
    ]);
  });

  it('mistral: random_seed, temperature ≤ 1.5, tool_choice any, safe_prompt, strict messages and tools', () => {
    const { body } = build(flavor('mistral'), KITCHEN_SINK, { stream: true });
    expect(body).toMatchObject({ random_seed: 42, temperature: 1.5, tool_choice: 'any', safe_prompt: true, max_tokens: 500 });
    expect(body['reasoning_effort']).toBe('high');
    for (const field of ['seed', 'user', 'top_k', 'stream_options', 'enable_search', 'prompt_cache_options']) expect(body).not.toHaveProperty(field);
    const messages = messagesOf(body);
    expect(messages[0]).toEqual({ role: 'system', content: 'Answer briefly.' });
    expect(messages[2]).not.toHaveProperty('name');
    expect(messages[3]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] });
    const tools = body['tools'] as { function: Record<string, unknown> }[];
    expect(tools[1]?.function).toEqual({ name: 'now', parameters: { type: 'object', properties: {} } });
  });

  it('deepseek: thinking on, effort mapped (xhigh is as close to max as to high: up), reasoning_content sent back', () => {
    const { body } = build(flavor('deepseek'), sinkFor(flavor('deepseek')));
    expect(body).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'max', max_tokens: 500 });
    expect(build(flavor('deepseek'), { ...sinkFor(flavor('deepseek')), reasoning: { effort: 'medium' } }).body['reasoning_effort']).toBe('high');
    expect(messagesOf(body)[3]?.['reasoning_content']).toBe('The user wants the weather; call the tool.');
    expect(messagesOf(body)[0]?.['role']).toBe('system');
  });

  it('moonshotai: reasoning_content sent back, effort to the nearest of low|high|max', () => {
    const { body } = build(flavor('moonshotai'), { ...KITCHEN_SINK, reasoning: { effort: 'minimal' } });
    expect(body).toMatchObject({ reasoning_effort: 'low', max_completion_tokens: 500 });
    expect(messagesOf(body)[3]?.['reasoning_content']).toBe('The user wants the weather; call the tool.');
  });

  it('alibaba: cache_control kept, thinking switch and budget, enable_search forwarded', () => {
    const { body } = build(flavor('alibaba'), { ...KITCHEN_SINK, reasoning: { max_tokens: 2000 } });
    expect(body).toMatchObject({ enable_thinking: true, thinking_budget: 2000, enable_search: true, top_k: 40 });
    expect(messagesOf(body)[1]).toEqual({
      role: 'system',
      content: [{ type: 'text', text: 'Shared context.', cache_control: { type: 'ephemeral' } }],
    });
    expect((body['tools'] as Record<string, unknown>[])[0]?.['cache_control']).toEqual({ type: 'ephemeral' });
  });

  it('groq: drops what Groq rejects, reasoning_effort nearest', () => {
    const { body } = build(flavor('groq'), { ...KITCHEN_SINK, logprobs: true, top_logprobs: 2, logit_bias: { '50256': -100 } });
    for (const field of ['logprobs', 'top_logprobs', 'logit_bias']) expect(body).not.toHaveProperty(field);
    expect(body['reasoning_effort']).toBe('high');
    expect(messagesOf(body)[3]).not.toHaveProperty('reasoning_content');
  });

  it('together: reasoning toggle plus effort; open-model samplers forwarded', () => {
    const { body } = build(flavor('together'), KITCHEN_SINK);
    expect(body).toMatchObject({ reasoning: { enabled: true }, reasoning_effort: 'high', top_k: 40 });
  });

  it('generic: forwards every non-gateway field, sends reasoning_content back', () => {
    const { body } = build(flavor('generic'), KITCHEN_SINK);
    expect(body).toMatchObject({ safe_prompt: true, enable_search: true, x_unknown_field: 1, top_k: 40, seed: 42 });
    expect(messagesOf(body)[3]?.['reasoning_content']).toBe('The user wants the weather; call the tool.');
  });

  it('turning reasoning off, per vendor', () => {
    const off = { ...KITCHEN_SINK, reasoning: { effort: 'none' } };
    expect(build(flavor('openai'), off).body['reasoning_effort']).toBe('none');
    expect(build(flavor('deepseek'), { ...sinkFor(flavor('deepseek')), reasoning: { effort: 'none' } }).body['thinking']).toEqual({ type: 'disabled' });
    expect(build(flavor('moonshotai'), off).body['thinking']).toEqual({ type: 'disabled' });
    expect(build(flavor('alibaba'), off).body['enable_thinking']).toBe(false);
    const xai = build(flavor('xai'), off).body;
    expect(xai).not.toHaveProperty('reasoning_effort');
    expect(build(flavor('openai'), { ...off, reasoning: { enabled: false } }).body['reasoning_effort']).toBe('none');
    expect(build(flavor('openai'), { ...off, reasoning: undefined, reasoning_effort: 'none' }).body['reasoning_effort']).toBe('none');
    // include_reasoning: false alone hides reasoning (the gateway's job); it does not turn it off.
    const hidden = build(flavor('deepseek'), { ...sinkFor(flavor('deepseek')), reasoning: undefined, include_reasoning: false }).body;
    expect(hidden).not.toHaveProperty('thinking');
    expect(hidden).not.toHaveProperty('reasoning_effort');
  });

  it('no reasoning wish sends nothing; a budget alone becomes an effort', () => {
    const { reasoning: _r, include_reasoning: _i, ...plain } = KITCHEN_SINK;
    const body = build(flavor('openai'), plain).body;
    expect(body).not.toHaveProperty('reasoning_effort');
    // 400 of 500 tokens: ratio 0.8 → high.
    expect(build(flavor('openai'), { ...plain, reasoning: { max_tokens: 400 } }).body['reasoning_effort']).toBe('high');
  });

  it('user messages with plain text and no tools stay minimal', () => {
    const { body } = build(flavor('mistral'), { model: 'm', messages: [{ role: 'user', content: 'Hello' }] });
    expect(body).toEqual({ model: 'vendor-model-1', messages: [{ role: 'user', content: 'Hello' }] });
  });
});

describe('headers and param rules', () => {
  it('no API key: no Authorization; configured headers are merged last (case-insensitively)', () => {
    const { spec } = build(flavor('generic'), KITCHEN_SINK, {
      settings: { apiKey: undefined, headers: { 'X-Title': 'Switchyard', 'content-type': 'application/json; charset=utf-8' } },
    });
    expect(spec.headers).toEqual({ 'X-Title': 'Switchyard', 'content-type': 'application/json; charset=utf-8' });
    const azure = { ...flavor('openai'), auth: { header: 'api-key', prefix: '' } };
    expect(build(azure, KITCHEN_SINK).spec.headers['api-key']).toBe('sk-test');
    const overridden = build(flavor('openai'), KITCHEN_SINK, { settings: { headers: { authorization: 'Bearer other' } } });
    expect(overridden.spec.headers).toEqual({ 'Content-Type': 'application/json', authorization: 'Bearer other' });
  });

  it('rename, default, clamp, drop and transform', () => {
    const custom: OpenAiCompatibleFlavor = {
      id: 'custom',
      accepts: COMMON_FIELDS,
      params: {
        seed: { param: 'random_seed' },
        top_p: { default: 0.95 },
        temperature: { max: 1, transform: (value) => (typeof value === 'number' ? value / 2 : value) },
        stop: { drop: true },
        frequency_penalty: { min: 0.5 },
      },
      maxTokensField: 'max_tokens',
      streamUsage: true,
      reasoning: {},
      assistantReasoning: 'openrouter',
      developerRole: true,
      cacheControl: false,
      auth: BEARER_AUTH,
    };
    const { top_p: _topP, ...withoutTopP } = KITCHEN_SINK;
    const { body } = build(custom, withoutTopP);
    expect(body).toMatchObject({ random_seed: 42, top_p: 0.95, temperature: 0.5, frequency_penalty: 0.5 });
    expect(body).not.toHaveProperty('stop');
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(messagesOf(body)[3]).toMatchObject({
      reasoning: 'The user wants the weather; call the tool.',
      reasoning_details: [{ type: 'reasoning.text', text: 'The user wants the weather; call the tool.', format: 'unknown', index: 0 }],
    });
  });

  it('nearest effort: missing levels go to the closest, ties go up', () => {
    expect(nearestEffort('xhigh', ['low', 'medium', 'high'])).toBe('high');
    expect(nearestEffort('medium', ['low', 'high'])).toBe('high');
    expect(nearestEffort('minimal', ['low', 'high', 'max'])).toBe('low');
    expect(nearestEffort('max', ['low', 'high'])).toBe('high');
    expect(nearestEffort('low', [])).toBeUndefined();
  });
});
