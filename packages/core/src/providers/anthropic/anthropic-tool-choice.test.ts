import { parseChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { safeParseJson } from '../../json.js';
import type { BuildContext, ProviderSettings } from '../provider-adapter.js';
import { convertToVertexAnthropicRequest } from '../vertex/vertex-anthropic-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { ANTHROPIC_MODEL_TABLE, anthropicModelTraits } from './anthropic-models.js';

const SETTINGS: ProviderSettings = { id: 'anthropic', name: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: 'k', headers: {}, timeoutMs: 1000 };
const SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
const TOOLS = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
const NAMED = { type: 'function', function: { name: 'lookup' } };

function context(model: string, body: Record<string, unknown>): BuildContext {
  const parsed = parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...body });
  if (!parsed.ok) throw new Error(parsed.message);
  return { request: parsed.value, upstreamModel: model, settings: SETTINGS, stream: false, maxCompletionTokens: undefined, now: new Date(0) };
}

function build(model: string, body: Record<string, unknown>): Record<string, unknown> {
  const json = safeParseJson(anthropicAdapter.buildRequest(context(model, body)).body);
  if (!json.ok) throw json.error;
  return json.value as Record<string, unknown>;
}

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('forced tool use per model (anthropic-models.ts forcedToolChoice)', () => {
  it.each([
    ['claude-sonnet-5-5', false],
    ['claude-opus-5-5', false],
    ['claude-fable-5-1', false],
    ['claude-fable-5-2', false],
    ['claude-mythos-5-2', false],
    ['anthropic.claude-sonnet-5-5', false],
    ['us.anthropic.claude-opus-5-5', false],
    ['claude-sonnet-5-5@20260928', false],
    ['claude-sonnet-5', true],
    ['claude-opus-5', true],
    ['claude-haiku-5-5', true],
    ['claude-sonnet-4-5-20250929', true],
    ['claude-3-5-haiku-20241022', true],
  ])('%s → forcedToolChoice %s', (model, forced) => {
    expect(anthropicModelTraits(model).forcedToolChoice).toBe(forced);
  });

  it('every model that rejects forced tool use has native structured outputs (the answer tool is never forced on it)', () => {
    for (const row of ANTHROPIC_MODEL_TABLE.filter((candidate) => !candidate.forcedToolChoice)) {
      expect(row.structuredOutputs, row.models.join(', ')).toBe(true);
    }
  });

  it.each([
    ['required', 'required', '"required"'],
    ['a named function', NAMED, 'a named function'],
  ])('Sonnet 5.5 with tool_choice %s → 400 invalid_request before anything is sent', (_name, toolChoice, asked) => {
    const error = refusal(() => build('claude-sonnet-5-5', { tools: TOOLS, tool_choice: toolChoice }));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, fallback: false });
    expect(error.message).toBe(`tool_choice: claude-sonnet-5-5 does not support forced tool use (${asked}); send tool_choice "auto" or "none"`);
    expect(error.options.metadata).toEqual({ param: 'tool_choice', model: 'claude-sonnet-5-5' });
  });

  it('Vertex Claude shares the refusal', () => {
    const error = refusal(() => convertToVertexAnthropicRequest(context('claude-opus-5-5@20260922', { tools: TOOLS, tool_choice: 'required' })));
    expect(error.code).toBe('invalid_request');
  });

  it.each([
    ['auto', { tools: TOOLS, tool_choice: 'auto' }, { type: 'auto' }],
    ['none', { tools: TOOLS, tool_choice: 'none' }, { type: 'none' }],
    ['no tool_choice', { tools: TOOLS }, undefined],
  ])('Sonnet 5.5 with %s is sent as usual', (_name, body, toolChoice) => {
    expect(build('claude-sonnet-5-5', body)['tool_choice']).toEqual(toolChoice);
  });

  it('required without tools is not a forced call (nothing to force), so it is not refused', () => {
    expect(build('claude-sonnet-5-5', { tool_choice: 'required' })).not.toHaveProperty('tool_choice');
  });

  it('json_schema on Sonnet 5.5 uses native structured outputs, never a forced answer tool', () => {
    const body = build('claude-sonnet-5-5', { response_format: { type: 'json_schema', json_schema: { name: 'p', schema: SCHEMA } } });
    expect(body['output_config']).toEqual({ format: { type: 'json_schema', schema: SCHEMA } });
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('tools');
  });

  it('models that accept forced tool use keep tool_choice any / tool', () => {
    expect(build('claude-haiku-5-5', { tools: TOOLS, tool_choice: 'required' })['tool_choice']).toEqual({ type: 'any' });
    expect(build('claude-sonnet-5', { tools: TOOLS, tool_choice: NAMED })['tool_choice']).toEqual({ type: 'tool', name: 'lookup' });
  });
});
