import { parseChatCompletionRequest, type ReasoningDetail } from '@switchyard/protocol';
import { chunksToSse, readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { asArray, asRecord, asString, safeParseJson } from '../../json.js';
import type { BuildContext } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';

const SDK = 'anthropic/anthropic-sdk-typescript/';

function buildBody(request: Record<string, unknown>, upstreamModel = 'claude-sonnet-4-5'): Record<string, unknown> {
  const parsed = parseChatCompletionRequest({ model: `anthropic/${upstreamModel}`, ...request });
  if (!parsed.ok) throw new Error(`test request is invalid: ${parsed.message}`);
  const ctx: BuildContext = {
    request: parsed.value,
    upstreamModel,
    settings: { id: 'anthropic', name: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: 'k', headers: {}, timeoutMs: 1000 },
    stream: false,
    maxCompletionTokens: undefined,
    now: new Date('2026-01-01T00:00:00Z'),
  };
  const body = safeParseJson(anthropicAdapter.buildRequest(ctx).body);
  if (!body.ok) throw body.error;
  return body.value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// ToolRunner.json: a nock recording of real Messages requests that Anthropic accepted (HTTP 200).
// Each recorded Anthropic request is turned into the equivalent OpenAI request; the adapter must
// rebuild the recorded body. Differences that Anthropic itself treats as equal are normalised on
// the expected side: `stream` is compared separately, tool `type: "custom"` is the default, and
// consecutive same-role turns are merged (Messages API docs: "Consecutive user or assistant turns
// in your request will be combined into a single turn").
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return asArray(content).map((block) => asRecord(block) ?? {});
}

function toOpenAiMessages(message: Json): Json[] {
  const content = message['content'];
  if (message['role'] === 'user') {
    if (typeof content === 'string') return [{ role: 'user', content }];
    const blocks = blocksOf(content);
    const tools = blocks.filter((b) => b['type'] === 'tool_result').map((b) => ({ role: 'tool', tool_call_id: b['tool_use_id'], content: b['content'] }));
    const texts = blocks.filter((b) => b['type'] === 'text').map((b) => ({ type: 'text', text: b['text'] }));
    return texts.length === 0 ? tools : [...tools, { role: 'user', content: texts }];
  }
  const blocks = blocksOf(content);
  const text = blocks.filter((b) => b['type'] === 'text').map((b) => asString(b['text']) ?? '').join('');
  const calls = blocks
    .filter((b) => b['type'] === 'tool_use')
    .map((b) => ({ id: b['id'], type: 'function', function: { name: b['name'], arguments: JSON.stringify(b['input']) } }));
  return [{ role: 'assistant', content: text, ...(calls.length === 0 ? {} : { tool_calls: calls }) }];
}

function toOpenAiRequest(body: Json): Json {
  const tools = asArray(body['tools']).map((tool) => {
    const t = asRecord(tool) ?? {};
    return { type: 'function', function: { name: t['name'], description: t['description'], parameters: t['input_schema'] } };
  });
  return {
    messages: asArray(body['messages']).flatMap((m) => toOpenAiMessages(asRecord(m) ?? {})),
    max_tokens: body['max_tokens'],
    ...(tools.length === 0 ? {} : { tools }),
  };
}

function normalizeRecorded(body: Json): Json {
  const { stream: _stream, ...rest } = body;
  const merged: Json[] = [];
  for (const message of asArray(body['messages']).map((m) => asRecord(m) ?? {})) {
    const last = merged.at(-1);
    if (last !== undefined && last['role'] === message['role']) {
      last['content'] = [...blocksOf(last['content']), ...blocksOf(message['content'])];
    } else {
      merged.push({ ...message });
    }
  }
  const tools = asArray(body['tools']).map((tool) => {
    const { type: _type, ...t } = asRecord(tool) ?? {};
    return t;
  });
  return { ...rest, messages: merged, ...(tools.length === 0 ? {} : { tools }) };
}

const exchanges = asArray(readJsonFixture(`${SDK}ToolRunner.json`)).map((e) => asRecord(e) ?? {});

describe('ToolRunner.json (real accepted request bodies)', () => {
  it('has the 10 recorded exchanges, all HTTP 200 on /v1/messages', () => {
    expect(exchanges).toHaveLength(10);
    for (const exchange of exchanges) {
      expect(exchange['status']).toBe(200);
      expect(exchange['path']).toMatch(/^\/v1\/messages/);
    }
  });

  it.each(exchanges.map((exchange, i) => [i, exchange] as const))('exchange %i: rebuilds the recorded request body', (_i, exchange) => {
    const recorded = asRecord(exchange['body']) ?? {};
    const built = buildBody(toOpenAiRequest(recorded), asString(recorded['model']));
    const { stream, ...rest } = built;
    expect(stream).toBe(false);
    expect(rest).toEqual(normalizeRecorded(recorded));
  });

  it.each(exchanges.map((exchange, i) => [i, exchange] as const))('exchange %i: parses the recorded response', (_i, exchange) => {
    const response = asRecord(exchange['response']) ?? {};
    const events = anthropicAdapter.parseResponse(response, 'Anthropic');
    const content = asArray(response['content']).map((b) => asRecord(b) ?? {});
    const toolNames = content.filter((b) => b['type'] === 'tool_use').map((b) => b['name']);
    const text = content.filter((b) => b['type'] === 'text').map((b) => b['text']).join('');
    expect(events.flatMap((e) => (e.type === 'tool-call-delta' && e.name !== undefined ? [e.name] : []))).toEqual(toolNames);
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('')).toBe(text);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: toolNames.length > 0 ? 'tool_calls' : 'stop', native: response['stop_reason'] });
    expect(events[0]).toEqual({ type: 'response-start', upstreamId: response['id'], upstreamModel: response['model'] });
  });
});

// ---------------------------------------------------------------------------------------------
// Multi-turn reasoning with tools: what the gateway streamed out (reasoning_details, tool_calls)
// comes back in the next request and must rebuild Anthropic's signed thinking and tool_use blocks.
// ---------------------------------------------------------------------------------------------

function streamEvents(frames: ReturnType<typeof sseToFrames>): CanonicalEvent[] {
  const decoder = anthropicAdapter.createStreamDecoder('Anthropic');
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

/** reasoning_details as OpenRouter clients receive them: pieces of one type and index merged. */
function reasoningDetails(events: readonly CanonicalEvent[]): ReasoningDetail[] {
  const details: ReasoningDetail[] = [];
  for (const event of events) {
    const detail = event.type === 'reasoning-delta' || event.type === 'reasoning-detail' ? event.detail : undefined;
    if (detail === undefined) continue;
    const same = details.find((d) => d.index === detail.index && d.type === detail.type);
    if (same === undefined) details.push({ ...detail });
    else {
      if (detail.text !== undefined) same.text = (same.text ?? '') + detail.text;
      if (detail.signature != null) same.signature = detail.signature;
    }
  }
  return details;
}

describe('multi-turn round trip', () => {
  it('replays streamed thinking (text + signature) as the first block of the next request', () => {
    const events = streamEvents(sseToFrames(chunksToSse('anthropic/vercel-ai/anthropic-clear-thinking.1.chunks.txt')));
    const details = reasoningDetails(events);
    expect(details).toHaveLength(1);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
    const body = buildBody({
      messages: [
        { role: 'user', content: 'What is 925 / 5?' },
        { role: 'assistant', content: text, reasoning_details: details },
        { role: 'user', content: 'And times 2?' },
      ],
      reasoning: { max_tokens: 2048 },
    });
    const assistant = asRecord(asArray(body['messages'])[1]);
    expect(asArray(assistant?.['content'])[0]).toEqual({
      type: 'thinking',
      thinking: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
      signature: expect.stringMatching(/^EvQBCkYICxgCKkAxhD4NUKFzudtZ6/),
    });
    expect(asArray(assistant?.['content'])[1]).toEqual({ type: 'text', text: '925 ÷ 5 = 185' });
    expect(body['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('replays a streamed tool call as tool_use with parsed input, and its result as tool_result', () => {
    const events = streamEvents(sseToFrames(readFixture(`${SDK}tool_use_response.txt`)));
    const first = events.find((e) => e.type === 'tool-call-delta');
    const args = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.argumentsDelta] : [])).join('');
    expect(first).toMatchObject({ id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather' });
    const body = buildBody({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', type: 'function', function: { name: 'get_weather', arguments: args } }] },
        { role: 'tool', tool_call_id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', content: '18°C' },
      ],
    });
    expect(body['messages']).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather', input: { location: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', content: '18°C' }] },
    ]);
  });
});
