import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { JSON_TOOL_NAME } from './bedrock-api-types.js';
import { BEDROCK_SETTINGS, bedrockContext } from './__fixtures__/bedrock-context.js';
import { bedrockClaudeTraits } from './bedrock-claude.js';
import { convertToBedrockRequest } from './convert-to-bedrock-request.js';

const OPUS_46 = 'us.anthropic.claude-opus-4-6-v1';
const OPUS_47 = 'global.anthropic.claude-opus-4-7';
const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_35 = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';
const SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };

/** Bedrock with an API key (bearer) rather than SigV4 keys. */
const API_KEY_SETTINGS = { ...BEDROCK_SETTINGS, apiKey: 'ABSK-key', options: { region: 'us-east-1' } };

function convert(upstreamModel: string, request: Partial<ChatCompletionRequest>) {
  return convertToBedrockRequest(bedrockContext(upstreamModel, request, { settings: API_KEY_SETTINGS }));
}

describe('Bedrock model ids → the Anthropic model traits', () => {
  it.each([
    ['anthropic.claude-opus-4-6-v1', { structuredOutputs: true, thinking: 'adaptive', forcedToolChoice: true, thinkingOff: 'omit' }],
    [OPUS_46, { structuredOutputs: true, thinking: 'adaptive', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['eu.anthropic.claude-sonnet-4-6', { structuredOutputs: true, thinking: 'adaptive', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6', { structuredOutputs: true, thinking: 'adaptive', forcedToolChoice: true, thinkingOff: 'omit' }],
    [OPUS_47, { structuredOutputs: true, thinking: 'adaptive-only', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['anthropic.claude-mythos-preview', { structuredOutputs: true, thinking: 'adaptive-only', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['anthropic.claude-opus-5', { structuredOutputs: true, thinking: 'adaptive-only', forcedToolChoice: true, thinkingOff: 'omit' }],
    [SONNET_45, { structuredOutputs: true, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', { structuredOutputs: true, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['us.anthropic.claude-opus-4-1-20250805-v1:0', { structuredOutputs: true, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', { structuredOutputs: false, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' }],
    [HAIKU_35, { structuredOutputs: false, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' }],
    ['global.anthropic.claude-sonnet-5-5', { structuredOutputs: true, thinking: 'adaptive-only', forcedToolChoice: false, thinkingOff: 'between_tools' }],
    [NOVA, undefined],
    ['meta.llama3-70b-instruct-v1:0', undefined],
  ] as const)('%s', (model, traits) => {
    expect(bedrockClaudeTraits(model)).toEqual(traits);
  });
});

describe('reasoning → additionalModelRequestFields and inferenceConfig.maxTokens', () => {
  it.each([
    ['budget model, effort', SONNET_45, { reasoning: { effort: 'high' }, max_tokens: 4000 }, { thinking: { type: 'enabled', budget_tokens: 3200 } }, 4000],
    ['budget model, budget', SONNET_45, { reasoning: { max_tokens: 2000 }, max_tokens: 4000 }, { thinking: { type: 'enabled', budget_tokens: 2000 } }, 4000],
    ['adaptive model, effort', OPUS_46, { reasoning: { effort: 'high' }, max_tokens: 4000 }, { thinking: { type: 'adaptive' }, output_config: { effort: 'high' } }, 4000],
    ['adaptive model, reasoning_effort xhigh', OPUS_46, { reasoning_effort: 'xhigh' }, { thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }, 64_000],
    ['adaptive model, enabled without effort', OPUS_46, { reasoning: { enabled: true } }, { thinking: { type: 'adaptive' } }, 64_000],
    ['adaptive model, explicit budget keeps the budget', OPUS_46, { reasoning: { max_tokens: 2000 }, max_tokens: 4000 }, { thinking: { type: 'enabled', budget_tokens: 2000 } }, 4000],
    ['adaptive-only model, budget → nearest effort', OPUS_47, { reasoning: { max_tokens: 2000 }, max_tokens: 4000 }, { thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } }, 4000],
    ['adaptive-only model, effort low', OPUS_47, { reasoning: { effort: 'low' } }, { thinking: { type: 'adaptive' }, output_config: { effort: 'low' } }, 64_000],
  ] as const)('%s', (_name, model, request, fields, maxTokens) => {
    const body = convert(model, request as Partial<ChatCompletionRequest>);
    expect(body.additionalModelRequestFields).toEqual(fields);
    expect(body.inferenceConfig?.maxTokens).toBe(maxTokens);
  });

  it.each([
    ['reasoning not asked for', OPUS_46, { max_tokens: 100 }],
    ['effort none', OPUS_46, { reasoning: { effort: 'none' }, max_tokens: 100 }],
    ['enabled false', OPUS_47, { reasoning: { enabled: false }, max_tokens: 100 }],
    ['not a Claude model', NOVA, { reasoning: { effort: 'high' }, max_tokens: 100 }],
  ] as const)('no thinking fields: %s', (_name, model, request) => {
    const body = convert(model, request as Partial<ChatCompletionRequest>);
    expect(body.additionalModelRequestFields).toBeUndefined();
    expect(body.inferenceConfig).toEqual({ maxTokens: 100 });
  });

  it('adaptive thinking drops temperature and a low top_p, as budget thinking does', () => {
    const body = convert(OPUS_46, { reasoning: { effort: 'medium' }, temperature: 0.3, top_p: 0.5, max_tokens: 500 });
    expect(body.inferenceConfig).toEqual({ maxTokens: 500 });
  });

  it('adaptive thinking is off with a forced tool', () => {
    const tools = [{ type: 'function' as const, function: { name: 'weather' } }];
    expect(convert(OPUS_46, { reasoning: { effort: 'high' }, tools, tool_choice: 'required' }).additionalModelRequestFields).toBeUndefined();
  });
});

describe('response_format json_schema: native structured outputs on Claude models that have them', () => {
  const jsonSchema = { name: 'person', description: 'A person.', schema: SCHEMA };

  it('Claude 4.5+ → outputConfig.textFormat with the schema as a JSON string, no answer tool', () => {
    const body = convert(SONNET_45, { response_format: { type: 'json_schema', json_schema: jsonSchema } });
    expect(body.outputConfig).toEqual({
      textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(SCHEMA), name: 'person', description: 'A person.' } } },
    });
    expect(body.toolConfig).toBeUndefined();
  });

  it('keeps thinking on (no forced tool) and the client tools with their own tool_choice', () => {
    const tools = [{ type: 'function' as const, function: { name: 'weather' } }];
    const body = convert(OPUS_46, { response_format: { type: 'json_schema', json_schema: jsonSchema }, reasoning: { effort: 'low' }, tools, tool_choice: 'auto' });
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'weather', inputSchema: { json: { type: 'object', properties: {} } } } }], toolChoice: { auto: {} } });
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
    expect(body).toMatchSnapshot();
  });

  it.each([
    ['a model without structured outputs', HAIKU_35, { type: 'json_schema', json_schema: jsonSchema }],
    ['not a Claude model', NOVA, { type: 'json_schema', json_schema: jsonSchema }],
    ['json_schema without a schema', OPUS_46, { type: 'json_schema', json_schema: { name: 'anything' } }],
    ['json_object (native structured outputs need a schema)', OPUS_46, { type: 'json_object' }],
  ] as const)('forced answer tool: %s', (_name, model, format) => {
    const body = convert(model, { response_format: format } as Partial<ChatCompletionRequest>);
    expect(body.outputConfig).toBeUndefined();
    expect(body.toolConfig?.toolChoice).toEqual({ tool: { name: JSON_TOOL_NAME } });
  });
});
