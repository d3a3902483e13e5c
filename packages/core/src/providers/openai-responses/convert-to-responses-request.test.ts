import { parseChatCompletionRequest } from '@switchyard/protocol';
import { chunksToSse, createSpecValidator, readFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { CompletionAssembler } from '../../output/assemble-completion.js';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import { openAiResponsesAdapter } from './openai-responses-adapter.js';

const openAiSpec = createSpecValidator('openai');

const ITEM_SCHEMAS: Readonly<Record<string, string>> = {
  message: 'InputMessage',
  function_call: 'FunctionToolCall',
  function_call_output: 'FunctionCallOutputItemParam',
  reasoning: 'ReasoningItem',
};

/**
 * CreateResponse validation. The spec's `InputItem` is a oneOf that only an OpenAPI discriminator
 * can decide: a user message with a content list matches both EasyInputMessage and InputMessage,
 * so plain JSON Schema rejects every valid one. The body is validated with `input` set aside, and
 * each input item against its own schema (assistant messages: EasyInputMessage).
 */
const spec = {
  errors(schema: string, body: Record<string, unknown>): string[] {
    const input = Array.isArray(body['input']) ? (body['input'] as Record<string, unknown>[]) : [];
    const rest = openAiSpec.errors(schema, { ...body, input: 'placeholder' });
    const items = input.flatMap((item, i) => {
      const name = item['role'] === 'assistant' ? 'EasyInputMessage' : ITEM_SCHEMAS[String(item['type'])];
      if (name === undefined) return [`/input/${i}: unknown item type ${String(item['type'])}`];
      return openAiSpec.errors(name, item).map((error) => `/input/${i}${error}`);
    });
    return [...rest, ...items];
  },
};

function build(request: Record<string, unknown>, options: { stream?: boolean; model?: string } = {}): HttpRequestSpec {
  const parsed = parseChatCompletionRequest({ model: 'openai/o3-pro', ...request });
  if (!parsed.ok) throw new Error(`test request is invalid: ${parsed.message}`);
  const ctx: BuildContext = {
    request: parsed.value,
    upstreamModel: options.model ?? 'o3-pro',
    settings: { id: 'openai', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1/', apiKey: 'sk-test', headers: {}, timeoutMs: 1000 },
    stream: options.stream ?? false,
    maxCompletionTokens: 100_000,
    now: new Date('2026-01-01T00:00:00Z'),
  };
  return openAiResponsesAdapter.buildRequest(ctx);
}

function bodyOf(spec_: HttpRequestSpec): Record<string, unknown> {
  return JSON.parse(spec_.body) as Record<string, unknown>;
}

const weatherTool = {
  type: 'function',
  function: { name: 'weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

const CASES: Record<string, Record<string, unknown>> = {
  'system prompt and text': {
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'developer', content: 'Use metric.' }, { role: 'user', content: 'Hi' }],
    temperature: 0.2,
    top_p: 0.9,
    max_tokens: 500,
    user: 'user-hash',
  },
  'tools, tool_choice and a tool round trip': {
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
    ],
    tools: [weatherTool, { ...weatherTool, function: { ...weatherTool.function, name: 'strict_weather', strict: true } }],
    tool_choice: { type: 'function', function: { name: 'weather' } },
    parallel_tool_calls: false,
  },
  'images and files': {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe these.' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
          { type: 'file', file: { file_id: 'file-123' } },
        ],
      },
    ],
  },
  'json_schema output': {
    messages: [{ role: 'user', content: 'A city as JSON.' }],
    response_format: { type: 'json_schema', json_schema: { name: 'city', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } } },
  },
  'json_object output': { messages: [{ role: 'user', content: 'JSON please.' }], response_format: { type: 'json_object' }, tool_choice: 'required', tools: [weatherTool] },
  'reasoning effort': { messages: [{ role: 'user', content: 'Think.' }], reasoning: { effort: 'high' } },
  'reasoning budget, excluded': { messages: [{ role: 'user', content: 'Think.' }], reasoning: { max_tokens: 90_000, exclude: true } },
};

describe('Chat Completions → Responses request', () => {
  for (const [name, request] of Object.entries(CASES)) {
    it(name, () => {
      const built = build(request);
      expect(built.url).toBe('https://api.openai.com/v1/responses');
      expect(built.headers['Authorization']).toBe('Bearer sk-test');
      expect(built.framing).toBe('json');
      const body = bodyOf(built);
      expect(body['store']).toBe(false);
      expect(spec.errors('CreateResponse', body)).toEqual([]);
      expect(body).toMatchSnapshot();
    });
  }

  it('maps each field to its Responses form', () => {
    const basic = bodyOf(build(CASES['system prompt and text'] ?? {}, { stream: true }));
    expect(basic).toMatchObject({ instructions: 'Be brief.\n\nUse metric.', max_output_tokens: 500, stream: true, include: ['reasoning.encrypted_content'] });
    const tools = bodyOf(build(CASES['tools, tool_choice and a tool round trip'] ?? {}));
    expect(tools['tool_choice']).toEqual({ type: 'function', name: 'weather' });
    expect((tools['tools'] as { strict: boolean }[]).map((t) => t.strict)).toEqual([false, true]);
    expect(tools['input']).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
      { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
    ]);
    expect(bodyOf(build(CASES['reasoning effort'] ?? {}))['reasoning']).toEqual({ effort: 'high', summary: 'auto' });
    expect(bodyOf(build(CASES['reasoning budget, excluded'] ?? {}))['reasoning']).toEqual({ effort: 'high' });
    expect(bodyOf(build(CASES['json_object output'] ?? {}))['text']).toEqual({ format: { type: 'json_object' } });
  });

  it('asks for encrypted reasoning only from reasoning models', () => {
    expect(bodyOf(build({ messages: [{ role: 'user', content: 'Hi' }] }, { model: 'gpt-4.1' }))['include']).toBeUndefined();
    expect(bodyOf(build({ messages: [{ role: 'user', content: 'Hi' }] }, { model: 'gpt-5-chat-latest' }))['include']).toBeUndefined();
    expect(bodyOf(build({ messages: [{ role: 'user', content: 'Hi' }] }, { model: 'gpt-5-pro' }))['include']).toEqual(['reasoning.encrypted_content']);
    for (const model of ['gpt-6.2-sol', 'gpt-6.2-astra', 'gpt-6.1-terra', 'gpt-6-luna']) {
      expect(bodyOf(build({ messages: [{ role: 'user', content: 'Hi' }] }, { model }))['include'], model).toEqual(['reasoning.encrypted_content']);
    }
    expect(bodyOf(build({ messages: [{ role: 'user', content: 'Hi' }] }, { model: 'gpt-5.1-chat-latest' }))['include']).toBeUndefined();
  });

  it('refuses audio input with a 400', () => {
    const request = { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }] }] };
    expect(() => build(request)).toThrow(/messages\[0\]\.content\[0\]: input_audio parts are not supported/);
  });

  it('the spec rejects a canary invalid body', () => {
    const body = bodyOf(build(CASES['tools, tool_choice and a tool round trip'] ?? {}));
    expect(spec.errors('CreateResponse', { ...body, tool_choice: { type: 'function', function: { name: 'weather' } } })).not.toEqual([]);
    expect(spec.errors('CreateResponse', { ...body, input: [{ type: 'function_call_output' }] })).not.toEqual([]);
  });
});

describe('multi-turn reasoning with tools', () => {
  it('sends the recorded encrypted reasoning back as a reasoning item before the function call', () => {
    const file = 'openai/vercel-ai/openai-responses/openai-reasoning-encrypted-content.1.chunks.txt';
    const firstResponse = readFixture(file).split('\n').filter(Boolean);
    const end = firstResponse.findIndex((line) => line.startsWith('{"type":"response.completed"'));
    const decoder = openAiResponsesAdapter.createStreamDecoder('OpenAI');
    const assembler = new CompletionAssembler();
    const sse = firstResponse.slice(0, end + 1).map((line) => `data: ${line}\n\n`).join('');
    for (const event of [...sseToFrames(sse).flatMap((f) => decoder.push(f)), ...decoder.end()]) assembler.push(event);
    const assistant = assembler.message(true);
    const done = firstResponse.map((line) => JSON.parse(line) as { type: string; item?: { type: string; id: string; encrypted_content?: string } })
      .find((event) => event.type === 'response.output_item.done' && event.item?.type === 'reasoning')?.item;
    expect(done?.encrypted_content).toBeTruthy();

    const call = assistant.tool_calls?.[0];
    const body = bodyOf(build({
      messages: [
        { role: 'user', content: 'Compute (12+7)*3*10 step by step.' },
        assistant,
        { role: 'tool', tool_call_id: call?.id, content: '19' },
      ],
      tools: [{ type: 'function', function: { name: 'calculator', parameters: { type: 'object' } } }],
      reasoning: { effort: 'high' },
    }));
    const input = body['input'] as Record<string, unknown>[];
    expect(input[1]).toMatchObject({ type: 'reasoning', id: done?.id, encrypted_content: done?.encrypted_content });
    expect((input[1]?.['summary'] as unknown[]).length).toBe(1);
    expect(input[2]).toMatchObject({ type: 'function_call', call_id: call?.id, name: 'calculator' });
    expect(input[3]).toMatchObject({ type: 'function_call_output', call_id: call?.id, output: '19' });
    expect(spec.errors('CreateResponse', body)).toEqual([]);
    expect(chunksToSse(file).length).toBeGreaterThan(0);
  });
});
