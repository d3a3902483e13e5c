import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { JSON_OBJECT_INSTRUCTION } from '../anthropic/convert-to-anthropic-request.js';
import { JSON_TOOL_NAME } from './bedrock-api-types.js';
import { bedrockContext } from './__fixtures__/bedrock-context.js';
import { convertToBedrockRequest } from './convert-to-bedrock-request.js';

/** Claude Sonnet 5.5 rejects forced tool use (anthropic-models.ts); Haiku 5.5 accepts it. */
const SONNET_55 = 'global.anthropic.claude-sonnet-5-5';
const HAIKU_55 = 'anthropic.claude-haiku-5-5';
const TOOLS = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
const SCHEMA = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };

function convert(model: string, request: Record<string, unknown>) {
  return convertToBedrockRequest(bedrockContext(model, { model: 'm', ...request }));
}

describe('Bedrock Claude models that reject forced tool use', () => {
  it.each([
    ['required', 'required'],
    ['a named function', { type: 'function', function: { name: 'lookup' } }],
  ])('tool_choice %s → 400 invalid_request', (_name, toolChoice) => {
    expect(() => convert(SONNET_55, { tools: TOOLS, tool_choice: toolChoice })).toThrow(GatewayError);
    expect(() => convert(SONNET_55, { tools: TOOLS, tool_choice: toolChoice })).toThrow(/does not support forced tool use/);
  });

  it('tool_choice auto is sent as usual', () => {
    expect(convert(SONNET_55, { tools: TOOLS, tool_choice: 'auto' }).toolConfig?.toolChoice).toEqual({ auto: {} });
  });

  it('json_schema goes native (outputConfig.textFormat), with no answer tool', () => {
    const body = convert(SONNET_55, { response_format: { type: 'json_schema', json_schema: { name: 'p', schema: SCHEMA } } });
    expect(body.outputConfig?.textFormat.type).toBe('json_schema');
    expect(body.toolConfig).toBeUndefined();
  });

  it('json_object becomes the system instruction instead of a forced answer tool', () => {
    const body = convert(SONNET_55, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], response_format: { type: 'json_object' } });
    expect(body.toolConfig).toBeUndefined();
    expect(body.system).toEqual([{ text: 'Be brief.' }, { text: JSON_OBJECT_INSTRUCTION }]);
  });

  it('models that accept forced tool use keep the forced answer tool for json_object and any/tool choices', () => {
    const json = convert(HAIKU_55, { response_format: { type: 'json_object' } });
    expect(json.toolConfig?.toolChoice).toEqual({ tool: { name: JSON_TOOL_NAME } });
    expect(json.system).toBeUndefined();
    expect(convert(HAIKU_55, { tools: TOOLS, tool_choice: 'required' }).toolConfig?.toolChoice).toEqual({ any: {} });
  });

  it('non-Claude models are not affected', () => {
    expect(convert('amazon.nova-pro-v1:0', { tools: TOOLS, tool_choice: 'required' }).toolConfig?.toolChoice).toEqual({ any: {} });
  });
});
