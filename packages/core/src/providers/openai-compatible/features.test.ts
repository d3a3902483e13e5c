import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseChatCompletionRequest } from '@switchyard/protocol';
import { SPECS_DIR, createSpecValidator } from '@switchyard/test-support';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { computeCost, parsePricing } from '../../billing/pricing.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { FEATURES } from '../capabilities.js';
import type { ProviderSettings } from '../provider-adapter.js';
import type { OpenAiCompatibleFlavor } from './flavor.js';
import { flavorCapabilities } from './flavor-capabilities.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';

const openaiSpec = createSpecValidator('openai');
const mistralSchemas = (() => {
  const spec = parseYaml(readFileSync(path.join(SPECS_DIR, 'mistral/openapi.yaml'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ ...spec, $id: 'https://switchyard.test/mistral-features.json' });
  return ajv;
})();

function mistralErrors(value: unknown): string[] {
  const validate = mistralSchemas.getSchema('https://switchyard.test/mistral-features.json#/components/schemas/ChatCompletionRequest');
  if (validate === undefined) throw new Error('no ChatCompletionRequest in the Mistral spec');
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const SETTINGS: ProviderSettings = { id: 'vendor', name: 'Vendor', baseUrl: 'https://api.vendor.test/v1', apiKey: 'k', headers: {}, timeoutMs: 1000 };
const PDF = 'data:application/pdf;base64,JVBERi0xLjQK';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function flavor(id: string): OpenAiCompatibleFlavor {
  const found = OPENAI_COMPATIBLE_FLAVORS[id];
  if (found === undefined) throw new Error(`no flavor ${id}`);
  return found;
}

/** The sent body, validated against the vendor's published schema. */
function build(id: string, body: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseChatCompletionRequest({ model: 'm', ...body });
  if (!parsed.ok) throw new Error(parsed.message);
  const spec = createOpenAiCompatibleAdapter(flavor(id)).buildRequest({
    request: parsed.value, upstreamModel: 'vendor-model', settings: SETTINGS, stream: false, maxCompletionTokens: undefined, now: new Date(0),
  });
  const sent = JSON.parse(spec.body) as Record<string, unknown>;
  expect(id === 'mistral' ? mistralErrors(sent) : openaiSpec.errors('CreateChatCompletionRequest', sent)).toEqual([]);
  return sent;
}

function buildError(id: string, body: Record<string, unknown>): GatewayError {
  try {
    build(id, body);
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

const userParts = (...parts: unknown[]) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Look:' }, ...parts] }] });
const partOf = (body: Record<string, unknown>, j = 1) => ((body['messages'] as { content: unknown[] }[])[0]?.content ?? [])[j];

describe('multimodal input per vendor', () => {
  it('openai: images by URL and base64, PDFs as the native file part, input_audio', () => {
    const image = { type: 'image_url', image_url: { url: 'https://example.com/a.png' } };
    const inline = { type: 'image_url', image_url: { url: PNG } };
    const file = { type: 'file', file: { filename: 'a.pdf', file_data: PDF } };
    const audio = { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } };
    const body = build('openai', userParts(image, inline, file, audio));
    expect((body['messages'] as { content: unknown[] }[])[0]?.content.slice(1)).toEqual([image, inline, file, audio]);
  });

  it('openai: a PDF by URL is a clear 400 (OpenAI takes base64 file_data only)', () => {
    const error = buildError('openai', userParts({ type: 'file', file: { file_data: 'https://example.com/a.pdf' } }));
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Vendor: messages[0].content[1]: this provider needs file.file_data as a base64 data: URL (data:application/pdf;base64,…), not a URL');
    expect(error.options.provider).toBe('Vendor');
  });

  it('mistral: PDFs become document_url chunks and audio a bare base64 string (spec-valid)', () => {
    const body = build('mistral', userParts(
      { type: 'file', file: { filename: 'a.pdf', file_data: PDF }, cache_control: { type: 'ephemeral' } },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'image_url', image_url: { url: PNG } },
    ));
    expect(partOf(body, 1)).toEqual({ type: 'document_url', document_url: PDF, document_name: 'a.pdf' });
    expect(partOf(body, 2)).toEqual({ type: 'input_audio', input_audio: 'UklGRg==' });
    expect(partOf(body, 3)).toEqual({ type: 'image_url', image_url: { url: PNG } });
  });

  it('vendors without a media kind answer 400 naming the part, never a silent drop', () => {
    expect(buildError('deepseek', userParts({ type: 'image_url', image_url: { url: PNG } })).message).toBe('Vendor: messages[0].content[1]: this provider does not accept images');
    expect(buildError('groq', userParts({ type: 'file', file: { file_data: PDF } })).message).toContain('does not accept file (PDF) input');
    expect(buildError('xai', userParts({ type: 'input_audio', input_audio: { data: 'x', format: 'mp3' } })).message).toContain('does not accept audio input');
    expect(buildError('together', userParts({ type: 'video_url', video_url: { url: 'https://example.com/v.mp4' } })).message).toContain('does not accept video input');
    // Tool results are checked the same way.
    const tool = { messages: [{ role: 'tool', tool_call_id: 'c1', content: [{ type: 'image_url', image_url: { url: PNG } }] }] };
    expect(buildError('deepseek', tool).message).toContain('messages[0].content[0]');
  });

  it('generic (local servers): every part passes through', () => {
    const file = { type: 'file', file: { file_data: 'https://example.com/a.pdf' } };
    expect(partOf(build('generic', userParts(file)))).toEqual(file);
  });
});

describe('tools across vendors', () => {
  const tools = [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } }];
  const turn2 = [
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
  ];

  it('tool_choice auto/none/required/named and parallel_tool_calls (OpenAI, Groq, DeepSeek: as sent)', () => {
    for (const id of ['openai', 'groq', 'deepseek', 'xai', 'together', 'fireworks', 'moonshotai', 'alibaba']) {
      for (const choice of ['auto', 'none', 'required', { type: 'function', function: { name: 'weather' } }]) {
        const body = build(id, { messages: turn2, tools, tool_choice: choice, parallel_tool_calls: false });
        expect(body['tool_choice']).toEqual(choice);
        expect(body['parallel_tool_calls']).toBe(false);
        expect((body['tools'] as { function: { strict?: boolean } }[])[0]?.function.strict).toBe(true);
      }
    }
  });

  it('mistral: required → any, named function kept, tool results in later turns (spec-valid)', () => {
    expect(build('mistral', { messages: turn2, tools, tool_choice: 'required' })['tool_choice']).toBe('any');
    const named = build('mistral', { messages: turn2, tools, tool_choice: { type: 'function', function: { name: 'weather' } } });
    expect(named['tool_choice']).toEqual({ type: 'function', function: { name: 'weather' } });
    expect((named['messages'] as unknown[])[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' });
  });

  it('perplexity takes no tools: they are not forwarded and its capabilities say so', () => {
    expect(build('perplexity', { messages: turn2.slice(0, 1), tools })).not.toHaveProperty('tools');
    expect(flavorCapabilities(flavor('perplexity')).tools).toBe('unsupported');
  });
});

describe('structured outputs', () => {
  const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
  it('json_schema with strict and json_object are forwarded as they are (OpenAI and Mistral specs)', () => {
    const format = { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } };
    for (const id of ['openai', 'mistral', 'deepseek', 'groq', 'xai', 'fireworks']) {
      // DeepSeek declares json_schema unsupported: a 400 (response-format.test.ts).
      if (id !== 'deepseek') expect(build(id, { messages: [{ role: 'user', content: 'Hi' }], response_format: format })['response_format']).toEqual(format);
      expect(build(id, { messages: [{ role: 'user', content: 'Hi' }], response_format: { type: 'json_object' } })['response_format']).toEqual({ type: 'json_object' });
    }
  });
});

describe('capabilities derived from flavor data', () => {
  it('every flavor declares every feature', () => {
    for (const candidate of Object.values(OPENAI_COMPATIBLE_FLAVORS)) {
      expect(Object.keys(flavorCapabilities(candidate)).sort()).toEqual([...FEATURES].sort());
      expect(createOpenAiCompatibleAdapter(candidate).capabilities).toEqual(flavorCapabilities(candidate));
    }
  });

  it('says what each vendor gets', () => {
    const caps = (id: string) => flavorCapabilities(flavor(id));
    expect(caps('openai')).toMatchObject({ pdf: 'native', audio_input: 'native', image_url: 'native', reasoning: 'native', reasoning_round_trip: 'unsupported', citations: 'native' });
    expect(caps('deepseek')).toMatchObject({ image_url: 'unsupported', pdf: 'unsupported', reasoning_round_trip: 'native' });
    expect(caps('mistral')).toMatchObject({ pdf: 'native', audio_input: 'native', reasoning_round_trip: 'unsupported' });
    expect(caps('alibaba')).toMatchObject({ prompt_caching: 'native', audio_input: 'native' });
    expect(caps('groq')).toMatchObject({ prompt_caching: 'unsupported', pdf: 'unsupported' });
    expect(caps('perplexity')).toMatchObject({ citations: 'native', tool_choice: 'unsupported' });
    expect(Object.fromEntries(Object.keys(OPENAI_COMPATIBLE_FLAVORS).map((id) => [id, caps(id)]))).toMatchSnapshot();
  });
});

describe('errors', () => {
  const map = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    createOpenAiCompatibleAdapter(flavor('generic')).mapError({ status, headers, body }, 'Vendor');

  it('context length, as each vendor words it → context_length_exceeded (fallback allowed)', () => {
    const bodies = [
      // xAI (cline/cline#3120).
      { code: 'Client specified an invalid argument', error: "This model's maximum prompt length is 131072 but the request contains 136973 tokens." },
      // vLLM-served models, Mistral-style envelope (vllm-project/vllm#20409).
      { object: 'error', message: "This model's maximum context length is 16384 tokens. However, you requested 19591 tokens (9591 in the messages, 10000 in the completion). Please reduce the length of the messages or completion. None", type: 'BadRequestError', param: null, code: 400 },
      // DeepSeek / OpenAI wording (dirk1983/deepseek#11).
      { error: { message: "This model's maximum context length is 4096 tokens. However, you requested 4222 tokens (1222 in the messages, 3000 in the completion). Please reduce the length of the messages or completion.", type: 'invalid_request_error' } },
      // Groq / OpenAI code.
      { error: { message: 'Please reduce the length of the messages or completion.', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
    ];
    for (const body of bodies) {
      const error = map(400, body);
      expect(error.code).toBe('context_length_exceeded');
      expect(error.fallback).toBe(true);
      expect(error.options.raw).toEqual(body);
    }
  });

  it('content policy → content_filtered; 529 → overloaded; Retry-After kept; Moonshot quota', () => {
    expect(map(400, { error: { message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', code: 'content_policy_violation' } }).code).toBe('content_filtered');
    const overloaded = map(529, { error: { message: 'Overloaded' } }, { 'retry-after': '7' });
    expect(overloaded.code).toBe('upstream_overloaded');
    expect(overloaded.options.retryAfterMs).toBe(7000);
    // MoonshotAI/Kimi-K2#5.
    expect(map(403, { error: { message: 'Your account is not active, organization exceeded current quota', type: 'exceeded_current_quota_error' } }).code).toBe('upstream_quota_exceeded');
  });
});

describe('prompt caching usage → cost', () => {
  it('OpenAI cached_tokens are priced with input_cache_read', () => {
    const body = {
      id: 'chatcmpl-1', object: 'chat.completion', model: 'gpt-4.1', created: 1,
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2000, completion_tokens: 10, total_tokens: 2010, prompt_tokens_details: { cached_tokens: 1536 } },
    };
    const events = createOpenAiCompatibleAdapter(flavor('openai')).parseResponse(body, 'OpenAI');
    const usage = events.find((event) => event.type === 'usage');
    expect(usage?.type === 'usage' && usage.usage).toMatchObject({ promptTokens: 2000, cachedTokens: 1536, completionTokens: 10 });
    // gpt-4.1: $2 in, $0.50 cached, $8 out per MTok → 464×2 + 1536×0.5 = 1696 µ$; 10×8 = 80 µ$.
    const cost = computeCost(parsePricing({ prompt: '0.000002', completion: '0.000008', input_cache_read: '0.0000005' }), { usage: { promptTokens: 2000, completionTokens: 10, cachedTokens: 1536 } });
    expect(cost).toEqual({ prompt: 1696, completion: 80, total: 1776 });
  });
});
