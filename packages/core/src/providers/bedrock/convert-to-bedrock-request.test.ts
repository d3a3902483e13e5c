import type { ChatCompletionRequest } from '@switchyard/protocol';
import { readJsonFixture } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { BuildContext } from '../provider-adapter.js';
import { BEDROCK_SETTINGS, bedrockContext } from './__fixtures__/bedrock-context.js';
import { JSON_TOOL_NAME } from './bedrock-api-types.js';
import { bedrockAdapter } from './bedrock-adapter.js';
import { parseBedrockResponse } from './parse-bedrock-response.js';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const PDF = 'data:application/pdf;base64,JVBERi0xLjQK';

function build(request: Partial<ChatCompletionRequest>, overrides: Partial<BuildContext> = {}) {
  const spec = bedrockAdapter.buildRequest(bedrockContext(MODEL, { model: 'anthropic/claude-sonnet-4.5', ...request }, overrides));
  return { spec, body: JSON.parse(spec.body) as Record<string, unknown> };
}

describe('buildRequest: URL, framing and authentication', () => {
  it('signs a Converse request with SigV4 (encoded model id, content hash, x-amz-date)', () => {
    const { spec } = build({});
    expect(spec.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    expect(spec.framing).toBe('json');
    expect(spec.headers['x-amz-date']).toBe('20260102T030405Z');
    expect(spec.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(spec.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(spec).toMatchSnapshot();
  });

  it('streams from converse-stream with the binary event-stream framing', () => {
    const { spec } = build({}, { stream: true });
    expect(spec.url.endsWith('/converse-stream')).toBe(true);
    expect(spec.framing).toBe('aws-eventstream');
  });

  it('adds the session token of temporary credentials', () => {
    const { spec } = build({}, { settings: { ...BEDROCK_SETTINGS, options: { ...BEDROCK_SETTINGS.options, session_token: 'FwoGZX' } } });
    expect(spec.headers['x-amz-security-token']).toBe('FwoGZX');
    expect(spec.headers['authorization']).toContain(';x-amz-security-token,');
  });

  it('uses a Bedrock API key as a bearer token when one is configured', () => {
    const { spec } = build({}, { settings: { ...BEDROCK_SETTINGS, apiKey: 'ABSK-key' } });
    expect(spec.headers['authorization']).toBe('Bearer ABSK-key');
    expect(spec.headers['x-amz-date']).toBeUndefined();
  });

  it('fails clearly without credentials', () => {
    expect(() => build({}, { settings: { ...BEDROCK_SETTINGS, options: { region: 'us-east-1' } } })).toThrow(/Amazon Bedrock: no credentials configured/);
  });
});

describe('convert: messages', () => {
  it('system, merged same-role turns, tool calls and tool results', () => {
    const { body } = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'user', content: 'And Rome?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    expect(body['system']).toEqual([{ text: 'Be brief.' }]);
    const messages = body['messages'] as { role: string; content: unknown[] }[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]?.content).toEqual([{ text: 'Weather in Paris?' }, { text: 'And Rome?' }]);
    expect(messages[1]?.content[1]).toEqual({ toolUse: { toolUseId: 'call_1', name: 'weather', input: { city: 'Paris' } } });
    expect(messages[2]?.content).toEqual([{ toolResult: { toolUseId: 'call_1', content: [{ text: '18C' }] } }, { text: 'Thanks' }]);
    expect(body).toMatchSnapshot();
  });

  it('images and PDFs as bytes, cache_control as cache points', () => {
    const { body } = build({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long rules', cache_control: { type: 'ephemeral' } }] },
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: PNG } },
            { type: 'file', file: { filename: 'report v2.pdf', file_data: PDF } },
            { type: 'text', text: 'Summarise', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
    });
    expect(body['system']).toEqual([{ text: 'Long rules' }, { cachePoint: { type: 'default' } }]);
    expect((body['messages'] as { content: unknown[] }[])[0]?.content).toEqual([
      { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } },
      { document: { format: 'pdf', name: 'report v2', source: { bytes: 'JVBERi0xLjQK' } } },
      { text: 'Summarise' },
      { cachePoint: { type: 'default' } },
    ]);
  });

  it('rejects an image that is not a data: URL (the executor inlines remote media first)', () => {
    expect(() => build({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }] })).toThrow(/data: URLs only/);
  });

  it('sends reasoning_details back as reasoningContent (signed text and redacted)', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'Count' },
        {
          role: 'assistant',
          content: '3',
          reasoning_details: [
            { type: 'reasoning.text', text: 'Let me count', signature: 'sig==', format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.encrypted', data: 'b64data', format: 'anthropic-claude-v1', index: 1 },
          ],
        },
        { role: 'user', content: 'Again' },
      ],
    });
    expect((body['messages'] as { content: unknown[] }[])[1]?.content).toEqual([
      { reasoningContent: { reasoningText: { text: 'Let me count', signature: 'sig==' } } },
      { reasoningContent: { redactedContent: 'b64data' } },
      { text: '3' },
    ]);
  });

  it('round-trips the reasoning of a recorded answer', () => {
    const events = parseBedrockResponse(readJsonFixture('amazon-bedrock/vercel-ai/amazon-bedrock-reasoning.json'), 'Amazon Bedrock');
    const details = events.flatMap((e) => (e.type === 'reasoning-delta' && e.detail !== undefined ? [e.detail] : e.type === 'reasoning-detail' ? [e.detail] : []));
    const { body } = build({ messages: [{ role: 'user', content: 'Count' }, { role: 'assistant', content: 'ok', reasoning_details: details.map((detail) => ({ ...detail })) }, { role: 'user', content: 'More' }] });
    const block = (body['messages'] as { content: { reasoningContent?: { reasoningText: { signature: string } } }[] }[])[1]?.content[0];
    expect(block?.reasoningContent?.reasoningText.signature).toMatch(/^EvYBCkgICxAB/);
  });
});

describe('convert: parameters, tools, reasoning, JSON', () => {
  it('inferenceConfig from max_tokens, temperature, top_p, stop', () => {
    const { body } = build({ max_tokens: 100, temperature: 0.2, top_p: 0.9, stop: 'END' });
    expect(body['inferenceConfig']).toEqual({ maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'] });
  });

  it.each([
    ['auto', { auto: {} }],
    ['required', { any: {} }],
    [{ type: 'function', function: { name: 'weather' } }, { tool: { name: 'weather' } }],
  ] as const)('tool_choice %j', (choice, expected) => {
    const { body } = build({ tools: [{ type: 'function', function: { name: 'weather', cache_control: undefined } }], tool_choice: choice } as Partial<ChatCompletionRequest>);
    expect((body['toolConfig'] as { toolChoice: unknown }).toolChoice).toEqual(expected);
  });

  it('tool_choice none omits the tools', () => {
    const { body } = build({ tools: [{ type: 'function', function: { name: 'weather' } }], tool_choice: 'none' });
    expect(body['toolConfig']).toBeUndefined();
  });

  it('reasoning → Claude thinking budget in additionalModelRequestFields', () => {
    const { body } = build({ max_tokens: 4000, reasoning: { max_tokens: 2000 } });
    expect(body['additionalModelRequestFields']).toEqual({ thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect((body['inferenceConfig'] as { maxTokens: number }).maxTokens).toBe(4000);
  });

  it('no thinking for non-Claude models', () => {
    const { body } = build({ reasoning: { effort: 'high' } }, { upstreamModel: 'amazon.nova-pro-v1:0' });
    expect(body['additionalModelRequestFields']).toBeUndefined();
  });

  it('json_schema on a model without native structured outputs → a forced answer tool with the schema', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const { body } = build({ response_format: { type: 'json_schema', json_schema: { name: 'person', schema } } }, { upstreamModel: 'us.amazon.nova-pro-v1:0' });
    expect(body['outputConfig']).toBeUndefined();
    expect(body['toolConfig']).toEqual({
      tools: [{ toolSpec: { name: JSON_TOOL_NAME, description: 'Respond with the person JSON object.', inputSchema: { json: schema } } }],
      toolChoice: { tool: { name: JSON_TOOL_NAME } },
    });
  });

  it('json_object with other tools → any tool must be called', () => {
    const { body } = build({ response_format: { type: 'json_object' }, tools: [{ type: 'function', function: { name: 'weather' } }] });
    const config = body['toolConfig'] as { tools: { toolSpec: { name: string } }[]; toolChoice: unknown };
    expect(config.tools.map((t) => t.toolSpec.name)).toEqual(['weather', JSON_TOOL_NAME]);
    expect(config.toolChoice).toEqual({ any: {} });
  });
});

describe('convert: Claude thinking constraints (as on Anthropic)', () => {
  it('drops temperature and a low top_p while thinking; clamps temperature to 1 otherwise', () => {
    expect(build({ reasoning: { effort: 'low' }, temperature: 0.3, top_p: 0.5 }).body['inferenceConfig']).not.toHaveProperty('temperature');
    expect(build({ reasoning: { effort: 'low' }, top_p: 0.5 }).body['inferenceConfig']).not.toHaveProperty('topP');
    expect(build({ temperature: 1.7 }).body['inferenceConfig']).toEqual({ temperature: 1 });
  });

  it('turns thinking off with a forced tool or the JSON answer tool', () => {
    const tools = [{ type: 'function' as const, function: { name: 'weather' } }];
    expect(build({ reasoning: { effort: 'high' }, tools, tool_choice: 'required' }).body['additionalModelRequestFields']).toBeUndefined();
    expect(build({ reasoning: { effort: 'high' }, response_format: { type: 'json_object' } }).body['additionalModelRequestFields']).toBeUndefined();
    expect(build({ reasoning: { effort: 'high' }, tools, tool_choice: 'auto' }).body['additionalModelRequestFields']).toBeDefined();
  });

  it('turns thinking off in a tool loop whose reasoning was not echoed back', () => {
    const { body } = build({
      reasoning: { effort: 'high' },
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
      tools: [{ type: 'function', function: { name: 'weather' } }],
    });
    expect(body['additionalModelRequestFields']).toBeUndefined();
  });
});

describe('convert: tool history without tools', () => {
  it('keeps past tool calls and results as text when the request defines no tools (Converse requires toolConfig for tool blocks)', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
      tools: [{ type: 'function', function: { name: 'weather' } }],
      tool_choice: 'none',
    });
    expect(body['toolConfig']).toBeUndefined();
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ text: 'Weather?' }] },
      { role: 'assistant', content: [{ text: '[Called tool weather (id c1) with {"city":"Oslo"}]' }] },
      { role: 'user', content: [{ text: '[Result of tool call c1]' }, { text: 'sunny' }] },
    ]);
  });
});
