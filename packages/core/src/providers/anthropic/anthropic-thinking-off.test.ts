import { parseChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { safeParseJson } from '../../json.js';
import { convertToBedrockRequest } from '../bedrock/convert-to-bedrock-request.js';
import type { BuildContext, ProviderSettings } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';

const SETTINGS: ProviderSettings = { id: 'anthropic', name: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: 'k', headers: {}, timeoutMs: 1000 };

function context(model: string, body: Record<string, unknown>): BuildContext {
  const parsed = parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...body });
  if (!parsed.ok) throw new Error(parsed.message);
  return { request: parsed.value, upstreamModel: model, settings: SETTINGS, stream: false, maxCompletionTokens: 128_000, now: new Date(0) };
}

function build(model: string, body: Record<string, unknown>): Record<string, unknown> {
  const json = safeParseJson(anthropicAdapter.buildRequest(context(model, body)).body);
  if (!json.ok) throw json.error;
  return json.value as Record<string, unknown>;
}

describe('reasoning off per model (anthropic-models.ts thinkingOff)', () => {
  it.each([
    // Sonnet 5.5: `disabled` answers 400; between_tools is its documented off.
    ['claude-sonnet-5-5', { reasoning: { effort: 'none' } }, { type: 'between_tools' }, undefined],
    ['claude-sonnet-5-5', { reasoning: { enabled: false } }, { type: 'between_tools' }, undefined],
    // Opus 5.5 / Fable: thinking cannot be turned off → adaptive at the lowest effort.
    ['claude-opus-5-5', { reasoning_effort: 'none' }, { type: 'adaptive' }, { effort: 'low' }],
    ['claude-fable-5-2', { reasoning: { enabled: false } }, { type: 'adaptive' }, { effort: 'low' }],
    // Others: no thinking field, as before.
    ['claude-haiku-5-5', { reasoning_effort: 'none' }, undefined, undefined],
    ['claude-sonnet-4-5-20250929', { reasoning: { enabled: false } }, undefined, undefined],
  ])('%s with %j → thinking %j, output_config %j', (model, request, thinking, outputConfig) => {
    const body = build(model, request);
    expect(body['thinking']).toEqual(thinking);
    expect(body['output_config']).toEqual(outputConfig);
  });

  it('reasoning on is unchanged on Sonnet 5.5 (adaptive + effort)', () => {
    expect(build('claude-sonnet-5-5', { reasoning_effort: 'medium' })).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } });
  });

  it('Bedrock Claude takes the same off form in additionalModelRequestFields', () => {
    const body = convertToBedrockRequest(context('global.anthropic.claude-sonnet-5-5', { reasoning: { effort: 'none' } }));
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'between_tools' } });
  });
});
