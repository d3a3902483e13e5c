import { chunksToSse, readFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { StreamFrame } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';

const V = 'anthropic/vercel-ai/';
const SDK = 'anthropic/anthropic-sdk-typescript/';

function decode(frames: readonly StreamFrame[], decoder = anthropicAdapter.createStreamDecoder('Anthropic')): CanonicalEvent[] {
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

const frame = (payload: unknown, event?: string): StreamFrame => ({ data: JSON.stringify(payload), ...(event === undefined ? {} : { event }) });

const START = frame({ type: 'message_start', message: { id: 'msg_x', model: 'claude-x', content: [], usage: { input_tokens: 5, output_tokens: 1 } } });
const STOP = frame({ type: 'message_stop' });

function errorsOf(events: readonly CanonicalEvent[]) {
  return events.flatMap((event) => (event.type === 'error' ? [event.error] : []));
}

describe('anthropic stream decoder: lifecycle', () => {
  it('a stream cut before message_stop ends with an upstream_unavailable error event and no finish', () => {
    const frames = sseToFrames(readFixture(`${SDK}basic_response.txt`));
    const cut = frames.slice(0, -2); // drop message_delta and message_stop
    const events = decode(cut);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    const [error] = errorsOf(events);
    expect(error?.code).toBe('upstream_unavailable');
    expect(error?.message).toBe('Anthropic: stream ended before the response finished');
    expect(error?.retryable).toBe(true);
    expect(events.at(-1)?.type).toBe('error');
  });

  it('an empty stream is an error too', () => {
    expect(errorsOf(decode([])).map((error) => error.code)).toEqual(['upstream_unavailable']);
  });

  it('ignores frames after message_stop and emits finish exactly once', () => {
    const events = decode([START, STOP, frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'late' } }), STOP]);
    expect(events.filter((event) => event.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop', native: undefined }]);
    expect(events.some((event) => event.type === 'text-delta')).toBe(false);
  });

  it('duplicate-message-start: the repeated message_start of the open message is ignored', () => {
    const events = decode(sseToFrames(chunksToSse(`${V}duplicate-message-start.chunks.txt`)));
    expect(events.filter((event) => event.type === 'response-start')).toEqual([{ type: 'response-start', upstreamId: 'msg_dup', upstreamModel: 'claude-3-haiku-20240307' }]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop', native: 'end_turn' });
  });

  it('spliced-message-start: a different message while one is open fails the stream; nothing after it is emitted', () => {
    const events = decode(sseToFrames(chunksToSse(`${V}spliced-message-start.chunks.txt`)));
    const errors = errorsOf(events);
    expect(errors.map((error) => error.code)).toEqual(['upstream_bad_response']);
    expect(errors[0]?.message).toContain('msg_second');
    expect(events.at(-1)?.type).toBe('error');
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    expect(events.some((event) => event.type === 'tool-call-delta' && event.id === 'toolu_second')).toBe(false);
    expect(events.filter((event) => event.type === 'response-start')).toHaveLength(1);
  });

  it('a frame that is not JSON is an upstream_bad_response error', () => {
    const events = decode([START, { data: '<html>oops</html>' }]);
    expect(errorsOf(events).map((error) => error.code)).toEqual(['upstream_bad_response']);
  });

  it('falls back to the SSE event name when the payload has no type', () => {
    const events = decode([START, frame({ index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'), frame({ index: 0, delta: { type: 'text_delta', text: 'hi' } }, 'content_block_delta'), STOP]);
    expect(events).toContainEqual({ type: 'text-delta', delta: 'hi' });
  });
});

describe('anthropic stream decoder: error events (shape from Anthropic docs: {type:"error", error:{type, message}})', () => {
  it.each([
    ['overloaded_error', 'Overloaded', 'upstream_overloaded', true],
    ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', 'upstream_rate_limited', true],
    ['api_error', 'Internal server error', 'upstream_unavailable', true],
    ['invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum', 'context_length_exceeded', false],
    ['some_future_error', 'Something new', 'upstream_unavailable', true],
  ] as const)('%s mid-stream → %s', (type, message, code, retryable) => {
    const payload = { type: 'error', error: { type, message } };
    const events = decode([START, frame(payload, 'error'), STOP]);
    const errors = errorsOf(events);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(code);
    expect(errors[0]?.retryable).toBe(retryable);
    expect(errors[0]?.message).toBe(`Anthropic: ${message}`);
    expect(errors[0]?.options.providerCode).toBe(type);
    expect(errors[0]?.options.raw).toEqual(payload);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
  });
});

describe('anthropic stream decoder: content', () => {
  it('message-delta-input-tokens: usage patches carry input from message_start, then the changed input and output', () => {
    const events = decode(sseToFrames(chunksToSse(`${V}anthropic-message-delta-input-tokens.chunks.txt`)));
    expect(events.filter((event) => event.type === 'usage')).toEqual([
      { type: 'usage', usage: { promptTokens: 43, completionTokens: 1 } },
      { type: 'usage', usage: { promptTokens: 61, completionTokens: 2 } },
    ]);
  });

  it('prompt cache: promptTokens adds cache reads and writes; cached/cacheWrite kept separately', () => {
    const events = decode(sseToFrames(chunksToSse(`${V}anthropic-code-execution-20260120-prompt-cache.1.chunks.txt`)));
    expect(events.filter((event) => event.type === 'usage').at(-1)).toEqual({
      type: 'usage',
      usage: { promptTokens: 6 + 6289 + 3337, cachedTokens: 6289, cacheWriteTokens: 3337, completionTokens: 198, reasoningTokens: 0 },
    });
  });

  it('thinking: reasoning-delta pieces and the signature share the reasoning index', () => {
    const events = decode(sseToFrames(readFixture(`${SDK}fable-fallback/stream-a-refusal.sse`)));
    const details = events.flatMap((event) => (event.type === 'reasoning-delta' || event.type === 'reasoning-detail' ? [event.detail] : []));
    expect(new Set(details.map((detail) => detail?.index))).toEqual(new Set([0]));
    expect(details.at(-1)).toEqual({
      type: 'reasoning.text',
      signature: 'c3ludGhldGljLXNpZ25hdHVyZS1maXh0dXJlLWEtbm90LWEtcmVhbC1zaWduYXR1cmU=',
      format: 'anthropic-claude-v1',
      index: 0,
    });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'content_filter', native: 'refusal' });
  });

  it('redacted_thinking (hand-made, block shape from Anthropic docs) → reasoning.encrypted; the next thinking block gets index 1', () => {
    const events = decode([
      START,
      frame({ type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va' } }),
      frame({ type: 'content_block_stop', index: 0 }),
      frame({ type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      frame({ type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 'Hmm.' } }),
      frame({ type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'sig' } }),
      frame({ type: 'content_block_stop', index: 1 }),
      STOP,
    ]);
    expect(events.filter((event) => event.type === 'reasoning-detail' || event.type === 'reasoning-delta')).toEqual([
      { type: 'reasoning-detail', detail: { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va', format: 'anthropic-claude-v1', index: 0 } },
      { type: 'reasoning-delta', delta: 'Hmm.', detail: { type: 'reasoning.text', text: 'Hmm.', format: 'anthropic-claude-v1', index: 1 } },
      { type: 'reasoning-detail', detail: { type: 'reasoning.text', signature: 'sig', format: 'anthropic-claude-v1', index: 1 } },
    ]);
  });

  it('tool calls: dense indexes from content block indexes; id and name on the first piece; no-arg tools get {}', () => {
    const events = decode(sseToFrames(chunksToSse(`${V}anthropic-tool-no-args.chunks.txt`)));
    expect(events.filter((event) => event.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls', native: 'tool_use' });
  });

  it('server tools (server_tool_use, web_search_tool_result) are not client tool calls', () => {
    const events = decode(sseToFrames(readFixture(`${SDK}fable-fallback/stream-a-toolrefusal.sse`)));
    expect(events.some((event) => event.type === 'tool-call-delta')).toBe(false);
    expect(JSON.stringify(events)).not.toContain('srvtoolu_');
  });

  it('web search citations_delta → url_citation annotations', () => {
    const events = decode(sseToFrames(chunksToSse(`${V}anthropic-web-search-tool.1.chunks.txt`)));
    const annotations = events.flatMap((event) => (event.type === 'annotation' ? [event.annotation] : []));
    expect(annotations).toHaveLength(14);
    expect(annotations[0]).toEqual({
      type: 'url_citation',
      url_citation: {
        url: 'https://www.apple.com/newsroom/2025/09/the-all-new-apple-ginza-opens-this-friday-september-26-in-tokyo/',
        title: 'The all-new Apple Ginza opens this Friday, September 26, in Tokyo - Apple',
        content: 'Apple today announced the grand reopening of Apple Ginza on Friday, September 26, located in the vibrant Ginza district.',
      },
    });
  });

  it('max_tokens cut inside a tool block: arguments stay as streamed, finish is length', () => {
    const events = decode(sseToFrames(readFixture(`${SDK}incomplete_partial_json_response.txt`)));
    const args = events.flatMap((event) => (event.type === 'tool-call-delta' ? [event.argumentsDelta] : [])).join('');
    expect(args.startsWith('{"filename": "taxes.txt", "lines_of_text": [')).toBe(true);
    expect(args.endsWith('"Filing taxes')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'length', native: 'max_tokens' });
  });

  it('programmatic tool calling: a message_start that already holds a tool_use block and stop_reason', () => {
    const lines = readFixture(`${V}anthropic-programmatic-tool-calling.1.chunks.txt`).split('\n');
    const prefilled = lines.filter((line) => line.includes('"type":"message_start"'))[1] ?? '';
    const events = decode([{ data: prefilled }, STOP]);
    expect(events.filter((event) => event.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'toolu_015dGLMbwBKv1ZRQr6KdJzeH', name: 'rollDie', argumentsDelta: '{"player":"player2"}' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls', native: 'tool_use' });
  });
});

describe('anthropic: errors carry the configured provider name', () => {
  const NAME = 'Acme Proxy';

  function thrownBy(body: unknown): unknown {
    try {
      anthropicAdapter.parseResponse(body, NAME);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('stream errors (cut, not JSON, spliced, error event) and parse errors (bad shape, error body) name it', () => {
    const fresh = () => anthropicAdapter.createStreamDecoder(NAME);
    const streamErrors = [
      ...errorsOf(decode(sseToFrames(readFixture(`${SDK}basic_response.txt`)).slice(0, -2), fresh())),
      ...errorsOf(decode([START, { data: '<html>oops</html>' }], fresh())),
      ...errorsOf(decode(sseToFrames(chunksToSse(`${V}spliced-message-start.chunks.txt`)), fresh())),
      ...errorsOf(decode([START, frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error')], fresh())),
    ];
    expect(streamErrors.map((error) => error.code)).toEqual(['upstream_unavailable', 'upstream_bad_response', 'upstream_bad_response', 'upstream_overloaded']);
    expect(streamErrors[0]?.message).toBe('Acme Proxy: stream ended before the response finished');
    expect(streamErrors[3]?.message).toBe('Acme Proxy: Overloaded');
    const parseErrors = [thrownBy({ id: 'msg_1', type: 'message' }), thrownBy({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } })];
    expect(parseErrors.map((error) => GatewayError.is(error) && error.code)).toEqual(['upstream_bad_response', 'upstream_rate_limited']);
    for (const error of [...streamErrors, ...parseErrors]) {
      expect(GatewayError.is(error) && error.options.provider).toBe(NAME);
      expect(GatewayError.is(error) && error.message).toMatch(/^Acme Proxy: /);
    }
  });
});
