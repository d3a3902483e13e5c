import { parseChatCompletionRequest } from '@switchyard/protocol';
import { readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { mergeUsage, type CanonicalEvent, type UsagePatch } from '../../canonical/canonical-event.js';
import { computeCost, parsePricing } from '../../billing/pricing.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { safeParseJson } from '../../json.js';
import type { ProviderSettings } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { JSON_TOOL_NAME } from './anthropic-json-tool.js';
import { anthropicModelTraits } from './anthropic-models.js';

const V = 'anthropic/vercel-ai/';
const SETTINGS: ProviderSettings = { id: 'anthropic', name: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: 'k', headers: {}, timeoutMs: 1000 };
const user = (content: unknown) => ({ role: 'user', content });
const SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
const JSON_SCHEMA_FORMAT = { type: 'json_schema', json_schema: { name: 'person', schema: SCHEMA, strict: true } };

function build(model: string, body: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseChatCompletionRequest({ model: 'm', ...body });
  if (!parsed.ok) throw new Error(parsed.message);
  const spec = anthropicAdapter.buildRequest({ request: parsed.value, upstreamModel: model, settings: SETTINGS, stream: false, maxCompletionTokens: undefined, now: new Date(0) });
  const json = safeParseJson(spec.body);
  if (!json.ok) throw json.error;
  return json.value as Record<string, unknown>;
}

/** The recording with vercel's answer-tool name ("json") replaced by ours (the decoders key on the name). */
function renamed(text: string): string {
  return text.replaceAll('"name":"json"', `"name":"${JSON_TOOL_NAME}"`);
}

function fold(events: readonly CanonicalEvent[]) {
  const usage: UsagePatch = {};
  let text = '';
  let finish: string | undefined;
  const tools: number[] = [];
  for (const event of events) {
    if (event.type === 'text-delta') text += event.delta;
    if (event.type === 'usage') mergeUsage(usage, event.usage);
    if (event.type === 'finish') finish = event.reason;
    if (event.type === 'tool-call-delta') tools.push(event.index);
  }
  return { text, usage, finish, tools };
}

function stream(body: string): CanonicalEvent[] {
  const decoder = anthropicAdapter.createStreamDecoder('Anthropic');
  const events = sseToFrames(body).flatMap((frame) => [...decoder.push(frame)]);
  return [...events, ...decoder.end()];
}

const chunksAsSse = (text: string) => text.split('\n').filter((line) => line.trim() !== '').map((line) => `data: ${line}\n\n`).join('');

describe('model traits (declarative table)', () => {
  it('matches dated, Bedrock and Vertex ids; unknown and older models get the safe defaults', () => {
    expect(anthropicModelTraits('claude-sonnet-4-5-20250929')).toEqual({ structuredOutputs: true, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' });
    expect(anthropicModelTraits('anthropic.claude-opus-4-6-v1')).toEqual({ structuredOutputs: true, thinking: 'adaptive', forcedToolChoice: true, thinkingOff: 'omit' });
    expect(anthropicModelTraits('claude-opus-4-7@20260101')).toEqual({ structuredOutputs: true, thinking: 'adaptive-only', forcedToolChoice: true, thinkingOff: 'omit' });
    expect(anthropicModelTraits('claude-opus-5')).toEqual({ structuredOutputs: true, thinking: 'adaptive-only', forcedToolChoice: true, thinkingOff: 'omit' });
    expect(anthropicModelTraits('claude-sonnet-4-20250514')).toEqual({ structuredOutputs: false, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' });
    expect(anthropicModelTraits('claude-3-5-haiku-20241022')).toEqual({ structuredOutputs: false, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' });
  });
});

describe('structured outputs: native or emulated per model', () => {
  it('native models get output_config.format and strict tools', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: SCHEMA, strict: true } }];
    const body = build('claude-haiku-4-5-20251001', { messages: [user('Hi')], response_format: JSON_SCHEMA_FORMAT, tools });
    expect(body['output_config']).toEqual({ format: { type: 'json_schema', schema: SCHEMA } });
    expect(body['tools']).toEqual([{ name: 'f', input_schema: SCHEMA, strict: true }]);
  });

  it('other models get the answer tool, forced; strict is not sent to them', () => {
    const body = build('claude-sonnet-4-20250514', { messages: [user('Hi')], response_format: JSON_SCHEMA_FORMAT, reasoning: { effort: 'high' } });
    expect(body).not.toHaveProperty('output_config');
    expect(body['tools']).toEqual([{ name: JSON_TOOL_NAME, description: expect.any(String) as string, input_schema: SCHEMA }]);
    expect(body['tool_choice']).toEqual({ type: 'tool', name: JSON_TOOL_NAME });
    expect(body).not.toHaveProperty('thinking');
    const withTools = build('claude-3-7-sonnet-latest', {
      messages: [user('Hi')],
      response_format: JSON_SCHEMA_FORMAT,
      tools: [{ type: 'function', function: { name: 'weather', strict: true } }],
      parallel_tool_calls: false,
    });
    expect((withTools['tools'] as { name: string; strict?: boolean }[]).map((tool) => [tool.name, tool.strict])).toEqual([['weather', undefined], [JSON_TOOL_NAME, undefined]]);
    expect(withTools['tool_choice']).toEqual({ type: 'any', disable_parallel_tool_use: true });
    const weather = [{ type: 'function', function: { name: 'weather' } }];
    const none = build('claude-3-7-sonnet-latest', { messages: [user('Hi')], response_format: JSON_SCHEMA_FORMAT, tools: weather, tool_choice: 'none' });
    expect(none['tool_choice']).toEqual({ type: 'tool', name: JSON_TOOL_NAME });
    const named = build('claude-3-7-sonnet-latest', { messages: [user('Hi')], response_format: JSON_SCHEMA_FORMAT, tools: weather, tool_choice: { type: 'function', function: { name: 'weather' } } });
    expect(named['tool_choice']).toEqual({ type: 'tool', name: 'weather' });
  });

  it('a client tool may not take the reserved name', () => {
    let error: unknown;
    try {
      build('claude-3-7-sonnet-latest', { messages: [user('Hi')], response_format: JSON_SCHEMA_FORMAT, tools: [{ type: 'function', function: { name: JSON_TOOL_NAME } }] });
    } catch (caught) {
      error = caught;
    }
    expect(GatewayError.is(error) && error.code).toBe('invalid_request');
  });

  it('replays anthropic-json-tool.1.json: the answer tool input is the text, finish stop', () => {
    const body = safeParseJson(renamed(JSON.stringify(readJsonFixture(`${V}anthropic-json-tool.1.json`))));
    if (!body.ok) throw body.error;
    const folded = fold(anthropicAdapter.parseResponse(body.value, 'Anthropic'));
    expect(folded.tools).toEqual([]);
    expect(folded.finish).toBe('stop');
    expect(safeParseJson(folded.text).ok).toBe(true);
    expect(folded.text).toMatchSnapshot();
  });

  it('replays anthropic-json-tool.1.chunks.txt: input_json_delta streams as text', () => {
    const folded = fold(stream(chunksAsSse(renamed(readFixture(`${V}anthropic-json-tool.1.chunks.txt`)))));
    expect(folded.tools).toEqual([]);
    expect(folded.finish).toBe('stop');
    const parsed = safeParseJson(folded.text);
    expect(parsed.ok && parsed.value).toMatchObject({ elements: expect.any(Array) as unknown[] });
  });

  it('an answer-tool block whose input never streams gets its start input as text', () => {
    const frames = [
      { type: 'message_start', message: { id: 'msg_1', model: 'claude-3-7-sonnet', content: [], usage: { input_tokens: 5 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: JSON_TOOL_NAME, input: { name: 'Ada' } } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ].map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join('');
    expect(fold(stream(frames))).toMatchObject({ text: '{"name":"Ada"}', tools: [], finish: 'stop' });
  });

  it('a client tool call (not the answer tool) keeps finish tool_calls (anthropic-json-other-tool.1)', () => {
    const other = readFixture(`${V}anthropic-json-other-tool.1.chunks.txt`);
    const folded = fold(stream(chunksAsSse(other)));
    expect(folded.finish).toBe('tool_calls');
    expect(folded.tools[0]).toBe(0);
  });

  it('native path replays anthropic-json-output-format.1.json as plain JSON text', () => {
    const folded = fold(anthropicAdapter.parseResponse(readJsonFixture(`${V}anthropic-json-output-format.1.json`), 'Anthropic'));
    expect(folded.finish).toBe('stop');
    expect(safeParseJson(folded.text).ok).toBe(true);
  });
});

describe('reasoning per model', () => {
  it('budget models: thinking.enabled with a budget', () => {
    expect(build('claude-sonnet-4-5', { messages: [user('Hi')], reasoning: { effort: 'low' }, max_tokens: 10_000 })['thinking']).toEqual({ type: 'enabled', budget_tokens: 2000 });
  });

  it('adaptive models: adaptive thinking + output_config.effort; a budget keeps budget thinking', () => {
    const body = build('claude-opus-4-6', { messages: [user('Hi')], reasoning: { effort: 'xhigh' }, max_tokens: 8000, temperature: 0.3 });
    expect(body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, max_tokens: 8000 });
    expect(body).not.toHaveProperty('temperature');
    expect(build('claude-sonnet-4-6', { messages: [user('Hi')], reasoning: { enabled: true } })).toMatchObject({ thinking: { type: 'adaptive' } });
    expect(build('claude-sonnet-4-6', { messages: [user('Hi')], reasoning: { enabled: true } })).not.toHaveProperty('output_config');
    expect(build('claude-sonnet-4-6', { messages: [user('Hi')], reasoning: { max_tokens: 2048 } })['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('adaptive-only models: a budget becomes the nearest effort; effort merges with a native schema', () => {
    expect(build('claude-opus-4-7', { messages: [user('Hi')], reasoning: { max_tokens: 1000 }, max_tokens: 5000 })).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
    const both = build('claude-opus-4-7', { messages: [user('Hi')], reasoning_effort: 'minimal', response_format: JSON_SCHEMA_FORMAT });
    expect(both['output_config']).toEqual({ format: { type: 'json_schema', schema: SCHEMA }, effort: 'low' });
    expect(build('claude-opus-4-7', { messages: [user('Hi')], reasoning: { enabled: false } })).not.toHaveProperty('thinking');
  });
});

describe('prompt caching: parse → cost', () => {
  it('cache reads and writes are counted in the prompt and priced with input_cache_read / input_cache_write', () => {
    const body = {
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn',
      usage: { input_tokens: 100, cache_creation_input_tokens: 2000, cache_read_input_tokens: 10_000, output_tokens: 50 },
    };
    const { usage } = fold(anthropicAdapter.parseResponse(body, 'Anthropic'));
    expect(usage).toEqual({ promptTokens: 12_100, cachedTokens: 10_000, cacheWriteTokens: 2000, completionTokens: 50 });
    // Claude Sonnet 4.5 list prices: $3 in, $15 out, $0.30 cache read, $3.75 cache write (per MTok).
    const pricing = parsePricing({ prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' });
    const cost = computeCost(pricing, { usage: { promptTokens: 12_100, completionTokens: 50, cachedTokens: 10_000, cacheWriteTokens: 2000 } });
    // 100×3 + 10000×0.3 + 2000×3.75 = 300 + 3000 + 7500 µ$; 50×15 = 750 µ$.
    expect(cost).toEqual({ prompt: 10_800, completion: 750, total: 11_550 });
  });
});
