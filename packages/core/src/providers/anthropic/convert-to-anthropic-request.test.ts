import { parseChatCompletionRequest, type ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { safeParseJson } from '../../json.js';
import type { BuildContext, ProviderSettings } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { JSON_OBJECT_INSTRUCTION } from './convert-to-anthropic-request.js';

const SETTINGS: ProviderSettings = {
  id: 'anthropic',
  name: 'Anthropic',
  baseUrl: 'https://api.anthropic.com/v1',
  apiKey: 'sk-ant-test',
  headers: {},
  timeoutMs: 60_000,
};

function chatRequest(body: Record<string, unknown>): ChatCompletionRequest {
  const parsed = parseChatCompletionRequest({ model: 'anthropic/claude-sonnet-4.5', ...body });
  if (!parsed.ok) throw new Error(`test request is invalid: ${parsed.message}`);
  return parsed.value;
}

function context(request: ChatCompletionRequest, overrides: Partial<BuildContext> = {}): BuildContext {
  return { request, upstreamModel: 'claude-sonnet-4-5', settings: SETTINGS, stream: false, maxCompletionTokens: undefined, now: new Date('2026-01-01T00:00:00Z'), ...overrides };
}

/** The outgoing body as an object (the spec carries it as a string). */
function bodyOf(ctx: BuildContext): Record<string, unknown> {
  const parsed = safeParseJson(anthropicAdapter.buildRequest(ctx).body);
  if (!parsed.ok) throw parsed.error;
  return parsed.value as Record<string, unknown>;
}

function build(body: Record<string, unknown>, overrides: Partial<BuildContext> = {}): Record<string, unknown> {
  return bodyOf(context(chatRequest(body), overrides));
}

function buildError(body: Record<string, unknown>): GatewayError {
  try {
    anthropicAdapter.buildRequest(context(chatRequest(body)));
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected buildRequest to throw');
}

const user = (content: unknown) => ({ role: 'user', content });

describe('anthropic request: HTTP spec', () => {
  it('posts to {baseUrl}/messages with x-api-key, anthropic-version and operator headers last', () => {
    const spec = anthropicAdapter.buildRequest(
      context(chatRequest({ messages: [user('Hi')], stream: true }), {
        stream: true,
        settings: { ...SETTINGS, baseUrl: 'https://proxy.example/v1/', headers: { 'anthropic-beta': 'context-1m-2025-08-07', 'anthropic-version': '2023-01-01' } },
      }),
    );
    expect(spec.url).toBe('https://proxy.example/v1/messages');
    expect(spec.method).toBe('POST');
    expect(spec.framing).toBe('sse');
    expect(spec.headers).toEqual({
      'content-type': 'application/json',
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-01-01',
      'anthropic-beta': 'context-1m-2025-08-07',
    });
    expect(safeParseJson(spec.body)).toMatchObject({ ok: true, value: { stream: true } });
  });

  it('sends no x-api-key without a key, and json framing when not streaming', () => {
    const spec = anthropicAdapter.buildRequest(context(chatRequest({ messages: [user('Hi')] }), { settings: { ...SETTINGS, apiKey: undefined } }));
    expect(spec.headers['x-api-key']).toBeUndefined();
    expect(spec.headers['anthropic-version']).toBe('2023-06-01');
    expect(spec.framing).toBe('json');
  });

  it('snapshots a multi-turn tool + reasoning request', () => {
    const request = chatRequest({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }] },
        user([{ type: 'text', text: 'Weather in Paris?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }]),
        {
          role: 'assistant',
          content: 'Checking.',
          reasoning_details: [{ type: 'reasoning.text', text: 'Use the tool.', signature: 'sig-1', format: 'anthropic-claude-v1', index: 0 }],
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C, cloudy' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'auto',
      reasoning: { effort: 'high' },
      max_tokens: 10_000,
      stop: ['END'],
      user: 'user-42',
      stream: true,
    });
    const spec = anthropicAdapter.buildRequest(context(request, { stream: true }));
    expect({ ...spec, body: bodyOf(context(request, { stream: true })) }).toMatchSnapshot();
  });
});

describe('anthropic request: messages', () => {
  it('hoists system and developer messages into system blocks, keeping cache_control', () => {
    const body = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        user('Hi'),
        { role: 'developer', content: [{ type: 'text', text: 'Use French.', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      ],
    });
    expect(body['system']).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use French.', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    expect(body['messages']).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('merges consecutive same-role messages and consecutive tool results into one user turn', () => {
    const body = build({
      messages: [
        user('First'),
        user([{ type: 'text', text: 'Second', cache_control: { type: 'ephemeral' } }]),
        { role: 'assistant', content: null, tool_calls: [
          { id: 'toolu_a', type: 'function', function: { name: 'f', arguments: '{"n":1}' } },
          { id: 'toolu_b', type: 'function', function: { name: 'f', arguments: '' } },
        ] },
        { role: 'tool', tool_call_id: 'toolu_a', content: 'one' },
        { role: 'tool', tool_call_id: 'toolu_b', content: [{ type: 'text', text: 'two' }] },
        user('Thanks'),
      ],
    });
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'First' }, { type: 'text', text: 'Second', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [
        { type: 'tool_use', id: 'toolu_a', name: 'f', input: { n: 1 } },
        { type: 'tool_use', id: 'toolu_b', name: 'f', input: {} },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_a', content: 'one' },
        { type: 'tool_result', tool_use_id: 'toolu_b', content: [{ type: 'text', text: 'two' }] },
        { type: 'text', text: 'Thanks' },
      ] },
    ]);
  });

  it('maps data: images to base64 sources and http(s) images to url sources', () => {
    const body = build({
      messages: [user([
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' }, cache_control: { type: 'ephemeral' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      ])],
    });
    expect(body['messages']).toEqual([{ role: 'user', content: [
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' }, cache_control: { type: 'ephemeral' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
    ] }]);
  });

  it('maps PDF file parts to document blocks', () => {
    const body = build({
      messages: [user([
        { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
        { type: 'file', file: { file_data: 'https://example.com/b.pdf' } },
        { type: 'file', file: { file_data: 'JVBERi0xLjcK' }, cache_control: { type: 'ephemeral' } },
      ])],
    });
    expect(body['messages']).toEqual([{ role: 'user', content: [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'a.pdf' },
      { type: 'document', source: { type: 'url', url: 'https://example.com/b.pdf' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjcK' }, cache_control: { type: 'ephemeral' } },
    ] }]);
  });

  it('rejects inputs Anthropic cannot take, naming the field', () => {
    const image = buildError({ messages: [user([{ type: 'image_url', image_url: { url: 'ftp://example.com/x.png' } }])] });
    expect(image.code).toBe('invalid_request');
    expect(image.message).toContain('messages[0].content[0].image_url.url');
    const file = buildError({ messages: [user('x'), user([{ type: 'text', text: 'y' }, { type: 'file', file: { file_data: 'data:text/csv;base64,YSxi' } }])] });
    expect(file.message).toContain('messages[1].content[1].file.file_data');
    const audio = buildError({ messages: [user([{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }])] });
    expect(audio.message).toContain('messages[0].content[0]: Anthropic does not accept audio input');
  });

  it('rejects unparsable tool call arguments naming messages[i].tool_calls[j].function.arguments', () => {
    const error = buildError({
      messages: [user('Hi'), { role: 'assistant', tool_calls: [
        { id: 'toolu_ok', type: 'function', function: { name: 'f', arguments: '{}' } },
        { id: 'toolu_bad', type: 'function', function: { name: 'f', arguments: '{"a":' } },
      ] }],
    });
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.message).toContain('messages[1].tool_calls[1].function.arguments');
    expect(buildError({ messages: [user('Hi'), { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] }).message)
      .toContain('messages[1].tool_calls[0].function.arguments: must be a JSON object');
  });

  it('puts reasoning_details first in the assistant turn: thinking (text+signature), redacted_thinking, then text and tool_use', () => {
    const body = build({
      messages: [
        user('Hi'),
        {
          role: 'assistant',
          content: 'Answer.',
          reasoning: 'plain reasoning without a signature is not replayable',
          reasoning_details: [
            // Streamed pieces echoed unmerged: same type + index are one block.
            { type: 'reasoning.text', text: 'Step 1. ', format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.text', text: 'Step 2.', format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.text', signature: 'sig-a', format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.encrypted', data: 'opaque', format: 'anthropic-claude-v1', index: 1 },
            { type: 'reasoning.text', text: 'unsigned', format: 'anthropic-claude-v1', index: 2 },
            { type: 'reasoning.text', text: 'from another provider', signature: 'x', format: 'google-gemini-v1', index: 3 },
            { type: 'reasoning.summary', summary: 'ignored', format: 'anthropic-claude-v1', index: 4 },
          ],
          tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
        },
      ],
    });
    expect((body['messages'] as unknown[])[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Step 1. Step 2.', signature: 'sig-a' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Answer.' },
        { type: 'tool_use', id: 'toolu_9', name: 'lookup', input: { q: 'x' } },
      ],
    });
  });
});

describe('anthropic request: parameters', () => {
  it('maps tools and every tool_choice form', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } }, cache_control: { type: 'ephemeral' } }, { type: 'function', function: { name: 'g', description: 'no params' } }];
    const base = { messages: [user('Hi')], tools };
    expect(build(base)['tools']).toEqual([
      { name: 'f', input_schema: { type: 'object', properties: { a: { type: 'string' } } }, cache_control: { type: 'ephemeral' } },
      { name: 'g', description: 'no params', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(build(base)['tool_choice']).toBeUndefined();
    expect(build({ ...base, tool_choice: 'auto' })['tool_choice']).toEqual({ type: 'auto' });
    expect(build({ ...base, tool_choice: 'required' })['tool_choice']).toEqual({ type: 'any' });
    expect(build({ ...base, tool_choice: 'none' })['tool_choice']).toEqual({ type: 'none' });
    expect(build({ ...base, tool_choice: { type: 'function', function: { name: 'g' } } })['tool_choice']).toEqual({ type: 'tool', name: 'g' });
    expect(build({ ...base, parallel_tool_calls: false })['tool_choice']).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(build({ ...base, tool_choice: 'required', parallel_tool_calls: false })['tool_choice']).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(build({ messages: [user('Hi')], tool_choice: 'required' })['tool_choice']).toBeUndefined();
  });

  it('maps stop, sampling and user; clamps temperature to 0..1', () => {
    const body = build({ messages: [user('Hi')], stop: 'STOP', temperature: 1.5, top_p: 0.9, top_k: 40, user: 'u-1', seed: 7 });
    expect(body).toMatchObject({ stop_sequences: ['STOP'], temperature: 1, top_p: 0.9, top_k: 40, metadata: { user_id: 'u-1' } });
    expect(body['seed']).toBeUndefined();
    expect(body['thinking']).toBeUndefined();
  });

  it('max_tokens: max_completion_tokens, then max_tokens, then the catalog limit, then 4096', () => {
    expect(build({ messages: [user('Hi')], max_tokens: 100, max_completion_tokens: 200 })['max_tokens']).toBe(200);
    expect(build({ messages: [user('Hi')], max_tokens: 100 })['max_tokens']).toBe(100);
    expect(build({ messages: [user('Hi')] }, { maxCompletionTokens: 64_000 })['max_tokens']).toBe(64_000);
    expect(build({ messages: [user('Hi')] })['max_tokens']).toBe(4096);
  });

  it('reasoning effort → thinking budget from max_tokens; temperature/top_k and low top_p dropped', () => {
    const body = build({ messages: [user('Hi')], reasoning: { effort: 'high' }, max_tokens: 10_000, temperature: 0.2, top_k: 5, top_p: 0.5 });
    expect(body['thinking']).toEqual({ type: 'enabled', budget_tokens: 8000 });
    expect(body['max_tokens']).toBe(10_000);
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('top_p');
    expect(build({ messages: [user('Hi')], reasoning_effort: 'low', top_p: 0.97 })).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 4096, top_p: 0.97 });
  });

  it('reasoning.max_tokens is the budget; max_tokens is raised above it (capped by the catalog limit)', () => {
    expect(build({ messages: [user('Hi')], reasoning: { max_tokens: 2000 }, max_tokens: 1000 })).toMatchObject({ thinking: { budget_tokens: 2000 }, max_tokens: 3000 });
    expect(build({ messages: [user('Hi')], reasoning: { max_tokens: 500 } })).toMatchObject({ thinking: { budget_tokens: 1024 }, max_tokens: 4096 });
    expect(build({ messages: [user('Hi')], reasoning: { max_tokens: 60_000 } }, { maxCompletionTokens: 32_000 })).toMatchObject({ thinking: { budget_tokens: 25_600 }, max_tokens: 32_000 });
  });

  it('no thinking when reasoning is off, absent, or a tool call is forced', () => {
    expect(build({ messages: [user('Hi')], reasoning: { effort: 'none' }, temperature: 0.3 })).toMatchObject({ temperature: 0.3 });
    expect(build({ messages: [user('Hi')], reasoning: { enabled: false } })['thinking']).toBeUndefined();
    expect(build({ messages: [user('Hi')] })['thinking']).toBeUndefined();
    const forced = build({ messages: [user('Hi')], reasoning: { effort: 'high' }, tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' });
    expect(forced['thinking']).toBeUndefined();
    expect(forced['tool_choice']).toEqual({ type: 'any' });
  });

  it('tool loop: thinking stays on only if the last assistant tool turn replays its signed thinking', () => {
    const call = { id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } };
    const loop = (assistant: Record<string, unknown>) => ({
      messages: [user('Hi'), { role: 'assistant', content: null, tool_calls: [call], ...assistant }, { role: 'tool', tool_call_id: 'toolu_1', content: 'ok' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
      reasoning: { max_tokens: 2048 },
    });
    // Anthropic: "a final assistant message must start with a thinking block" → 400 without it.
    expect(build(loop({}))['thinking']).toBeUndefined();
    const details = [{ type: 'reasoning.text', text: 'call f', signature: 'sig', format: 'anthropic-claude-v1', index: 0 }];
    expect(build(loop({ reasoning_details: details }))['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
    // A finished tool loop followed by a plain answer does not need the replay.
    const finished = loop({});
    finished.messages.push({ role: 'assistant', content: 'Done.' }, user('Next question'));
    expect(build(finished)['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('json_schema → output_config.format; json_object → a system instruction', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const structured = build({ messages: [user('Hi')], response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } });
    expect(structured['output_config']).toEqual({ format: { type: 'json_schema', schema } });
    expect(structured['system']).toBeUndefined();
    const jsonObject = build({ messages: [{ role: 'system', content: 'Be nice.' }, user('Hi')], response_format: { type: 'json_object' } });
    expect(jsonObject['output_config']).toBeUndefined();
    expect(jsonObject['system']).toEqual([{ type: 'text', text: 'Be nice.' }, { type: 'text', text: JSON_OBJECT_INSTRUCTION }]);
    expect(build({ messages: [user('Hi')], response_format: { type: 'text' } })).not.toHaveProperty('output_config');
  });
});
