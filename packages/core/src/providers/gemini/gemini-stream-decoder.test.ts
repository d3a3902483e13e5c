import {
  chunksToSse,
  contractProblems,
  detailsOf,
  errorFacts,
  outcomeOf,
  readFixture,
  reasoningOf,
  snapshotEvents,
  sseToFrames,
  textOf,
  toolCallsOf,
  usageOf,
  WITHOUT_PROVIDER,
} from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asArray, asRecord, safeParseJson } from '../../json.js';
import type { StreamFrame } from '../provider-adapter.js';
import { CHUNK_FIXTURES, SSE_FIXTURES } from './__fixtures__/gemini-fixtures.js';
import { parseJson } from './__fixtures__/gemini-test-helpers.js';
import { geminiAdapter } from './gemini-adapter.js';

const R = 'google/vercel-ai/';
const V = 'google/vertexai-sdk-test-data/';

/**
 * The frames the executor must hand the decoder. Vertex can append a bare (pretty-printed) JSON error
 * object after the SSE events (streaming-failure-error-mid-stream.txt); an SSE parser drops those lines,
 * so the executor has to forward such trailing non-SSE text as one more frame. This replay does that.
 */
function framesOf(body: string): StreamFrame[] {
  const bare = body.search(/^\{\s*$/m);
  if (bare === -1) return sseToFrames(body);
  return [...sseToFrames(body.slice(0, bare)), { data: body.slice(bare) }];
}

function decode(frames: readonly StreamFrame[], provider = 'Google'): CanonicalEvent[] {
  const decoder = geminiAdapter.createStreamDecoder(provider);
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

const replaySse = (file: string) => decode(framesOf(readFixture(file)));
const replayChunks = (file: string) => decode(sseToFrames(chunksToSse(file)));

/** Visible text Gemini sent (non-thought text parts of candidate 0), read straight from the frames. */
function sentText(frames: readonly StreamFrame[]): string {
  let text = '';
  for (const frame of frames) {
    const parsed = safeParseJson(frame.data);
    const candidate = asRecord(asArray(asRecord(parsed.ok ? parsed.value : undefined)?.['candidates'])[0]);
    for (const part of asArray(asRecord(candidate?.['content'])?.['parts'])) {
      const record = asRecord(part);
      if (typeof record?.['text'] === 'string' && record['thought'] !== true) text += record['text'];
    }
  }
  return text;
}

function checkReplay(events: CanonicalEvent[], frames: StreamFrame[], outcome: (typeof SSE_FIXTURES)[string]): void {
  expect(contractProblems(events)).toEqual([]);
  expect(outcomeOf(events)).toEqual(outcome);
  if (!('error' in outcome)) expect(textOf(events)).toBe(sentText(frames));
  const last = events.at(-1);
  expect(last?.type === 'error' ? errorFacts(last.error, WITHOUT_PROVIDER) : last).toMatchSnapshot('outcome');
  expect(snapshotEvents(events, WITHOUT_PROVIDER)).toMatchSnapshot('events');
}

describe('stream decoder replays every recorded SSE body', () => {
  it.each(Object.entries(SSE_FIXTURES))('%s', (file, outcome) => {
    const frames = framesOf(readFixture(file));
    checkReplay(decode(frames), frames, outcome);
  });
});

describe('stream decoder replays every vercel/ai chunk recording', () => {
  it.each(Object.entries(CHUNK_FIXTURES))('%s', (file, outcome) => {
    const frames = sseToFrames(chunksToSse(file));
    checkReplay(decode(frames), frames, outcome);
  });
});

describe('stream decoder key facts', () => {
  it('turns the bare error object after the data events into an error event, with no finish', () => {
    const events = replaySse(`${V}vertexai/streaming-failure-error-mid-stream.txt`);
    expect(textOf(events)).toBe('First Second ');
    expect(events.some((e) => e.type === 'finish')).toBe(false);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(errorFacts(last.error)).toMatchObject({
      code: 'upstream_unavailable',
      upstreamStatus: 499,
      providerCode: 'CANCELLED',
      message: 'Google: The operation was cancelled.',
    });
  });

  it('reports an event that is JSON but not a response, and one that is not JSON, as upstream_bad_response', () => {
    const notResponse = replaySse(`${V}vertexai/streaming-failure-invalid-json.txt`);
    expect(notResponse.map((e) => e.type)).toEqual(['error']);
    const firstLine = readFixture(`${V}vertexai/streaming-success-basic-reply-short.txt`).split('\n')[0] ?? '';
    const truncated = decode([{ data: firstLine.slice('data: '.length, 80) }]);
    expect(truncated.map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual(['upstream_bad_response']);
  });

  it('ignores frames after an error and ends without a second terminal event', () => {
    const decoder = geminiAdapter.createStreamDecoder('Google');
    expect(decoder.push({ data: '{"not":"a response"}' })[0]?.type).toBe('error');
    const lines = readFixture(`${V}vertexai/streaming-success-basic-reply-short.txt`).split('\n');
    expect(decoder.push({ data: (lines[0] ?? '').slice('data: '.length) })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports a stream that ends without any finish reason', () => {
    const last = replaySse(`${V}vertexai/streaming-failure-empty-content.txt`).at(-1);
    expect(last?.type === 'error' && errorFacts(last.error)).toMatchObject({
      code: 'upstream_unavailable',
      message: 'Google: stream ended before the response finished',
    });
  });

  it('lets the last finish reason win when every chunk repeats one', () => {
    const recitation = replaySse(`${V}vertexai/streaming-failure-recitation-no-content.txt`);
    expect(textOf(recitation)).toBe('Copyrighted text goes hereMore copyrighted text');
    expect(recitation.filter((e) => e.type === 'finish')).toEqual([{ type: 'finish', reason: 'content_filter', native: 'RECITATION' }]);
    expect(replaySse(`${V}vertexai/streaming-failure-unknown-finish-enum.txt`).at(-1)).toEqual({
      type: 'finish',
      reason: 'stop',
      native: 'FAKE_ENUM',
    });
  });

  it('streams thought summaries as reasoning and signs the function call that follows', () => {
    const events = replaySse(`${V}googleai/streaming-success-thinking-function-call-thought-summary-signature.txt`);
    expect(reasoningOf(events)).toMatch(/^\*\*Calculating the Days\*\*/);
    expect(reasoningOf(events)).toContain('**Determining the Approach**');
    const calls = toolCallsOf(events);
    expect(calls).toEqual([{ id: 'call_48SHaPHpHKbG-8YPtZCawAk_0', name: 'now', arguments: '{}' }]);
    const details = detailsOf(events);
    expect(details.filter((d) => d.type === 'reasoning.text').every((d) => d.index === 0)).toBe(true);
    expect(details.filter((d) => d.type === 'reasoning.encrypted')).toEqual([
      expect.objectContaining({ id: calls[0]?.id, format: 'google-gemini-v1', index: 1, data: expect.stringMatching(/^CiIBVKhc7vB\+/) }),
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls', native: 'STOP' });
  });

  it('assembles Vertex streamed function-call arguments (partialArgs) into one JSON per call', () => {
    const events = replayChunks(`${R}google-stream-tool-call-arguments.chunks.txt`);
    expect(toolCallsOf(events)).toEqual([
      { id: 'call_dqHOab6xGLzWodAPkPuViA4_0', name: 'getWeather', arguments: '{"location":"Boston"}' },
      { id: 'call_dqHOab6xGLzWodAPkPuViA4_1', name: 'getWeather', arguments: '{"location":"San Francisco"}' },
    ]);
    expect(detailsOf(events).map((d) => d.id)).toEqual(['call_dqHOab6xGLzWodAPkPuViA4_0']);
  });

  it('completes a streamed call whose last piece has no willContinue, with array paths', () => {
    const calls = toolCallsOf(replayChunks(`${R}google-stream-tool-call-array-arguments-missing-terminal-function-call.chunks.txt`));
    expect(calls.map((c) => c.name)).toEqual(['writeItems']);
    expect(parseJson(calls[0]?.arguments ?? '')).toEqual({
      operations: [
        { action: 'add', description: 'Fresh red apple', itemid: 'apple_001', price: 0.5 },
        { action: 'add', description: 'Ripe yellow banana', itemid: 'banana_001', price: 0.3 },
      ],
    });
  });

  it('concatenates string pieces of the same nested path', () => {
    const calls = toolCallsOf(replayChunks(`${R}google-vertex-stream-tool-call-arguments-nested.1.chunks.txt`));
    const args = parseJson(calls[0]?.arguments ?? '') as { recipe: { name: string; ingredients: unknown[]; steps: string[] } };
    expect(calls[0]?.name).toBe('cookRecipe');
    expect(args.recipe.name).toBe('Lasagna');
    expect(args.recipe.ingredients).toHaveLength(10);
    expect(args.recipe.ingredients[0]).toEqual({ amount: '16 oz', name: 'Lasagna noodles' });
    expect(args.recipe.steps[1]).toBe('Cook lasagna noodles according to package directions, drain and set aside.');
    expect(args.recipe.steps[4]).toBe('In a 9x13 baking dish, spread a thin layer of meat sauce.');
  });

  it('handles a complete no-args call between streamed ones, after thought text', () => {
    const events = replayChunks(`${R}google-stream-no-args-tool-call.chunks.txt`);
    expect(toolCallsOf(events).map((c) => [c.name, c.arguments])).toEqual([
      ['read_theme', '{}'],
      ['read_screen', '{"id":"A"}'],
      ['read_screen', '{"id":"B"}'],
      ['read_screen', '{"id":"C"}'],
    ]);
    expect(reasoningOf(events)).toMatch(/^\*\*Processing User Requests\*\*/);
  });

  it('emits the same call from a stream as from the JSON body of the same recording family', () => {
    const streamed = toolCallsOf(replayChunks(`${R}google-tool-call.chunks.txt`));
    const unary = toolCallsOf(geminiAdapter.parseResponse(parseJson(readFixture(`${R}google-tool-call.json`)), 'Google'));
    expect(streamed.map((c) => [c.name, c.arguments])).toEqual(unary.map((c) => [c.name, c.arguments]));
  });

  it('emits usage only when it changes, ending with the last chunk counts', () => {
    const events = replaySse(`${V}googleai/streaming-success-basic-reply-long.txt`);
    const patches = events.filter((e) => e.type === 'usage');
    const keys = patches.map((e) => JSON.stringify(e));
    expect(new Set(keys).size).toBe(keys.length);
    expect(usageOf(replayChunks(`${R}google-text.chunks.txt`))).toEqual({
      promptTokens: 9,
      completionTokens: 23 + 185,
      reasoningTokens: 185,
    });
  });

  it('keeps multi-byte text intact across byte-split frames', () => {
    const text = textOf(replaySse(`${V}vertexai/streaming-success-utf8.txt`));
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/[\u0080-\uFFFF]/);
  });

  it('ends a blocked prompt stream as content_filter', () => {
    expect(replaySse(`${V}googleai/streaming-failure-prompt-blocked-safety.txt`).at(-1)).toEqual({
      type: 'finish',
      reason: 'content_filter',
      native: 'SAFETY',
    });
  });
});

describe('gemini: errors carry the configured provider name', () => {
  const NAME = 'Acme Proxy';
  const errorsOf = (events: readonly CanonicalEvent[]) => events.flatMap((e) => (e.type === 'error' ? [e.error] : []));

  function thrownBy(file: string): unknown {
    try {
      geminiAdapter.parseResponse(parseJson(readFixture(file)), NAME);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('stream errors (error object, not a response, not JSON, cut) and parse errors (bad shape, error body) name it', () => {
    const firstLine = readFixture(`${V}vertexai/streaming-success-basic-reply-short.txt`).split('\n')[0] ?? '';
    const streamErrors = [
      ...errorsOf(decode(framesOf(readFixture(`${V}vertexai/streaming-failure-error-mid-stream.txt`)), NAME)),
      ...errorsOf(decode(framesOf(readFixture(`${V}vertexai/streaming-failure-invalid-json.txt`)), NAME)),
      ...errorsOf(decode([{ data: firstLine.slice('data: '.length, 80) }], NAME)),
      ...errorsOf(decode(framesOf(readFixture(`${V}vertexai/streaming-failure-empty-content.txt`)), NAME)),
    ];
    expect(streamErrors.map((error) => error.code)).toEqual(['upstream_unavailable', 'upstream_bad_response', 'upstream_bad_response', 'upstream_unavailable']);
    expect(streamErrors[0]?.message).toBe('Acme Proxy: The operation was cancelled.');
    expect(streamErrors[3]?.message).toBe('Acme Proxy: stream ended before the response finished');
    const parseErrors = [thrownBy(`${V}vertexai/unary-failure-invalid-response.json`), thrownBy(`${R}google-429-retry-info.json`)];
    expect(parseErrors.map((error) => GatewayError.is(error) && error.code)).toEqual(['upstream_bad_response', 'upstream_rate_limited']);
    for (const error of [...streamErrors, ...parseErrors]) {
      expect(GatewayError.is(error) && error.options.provider).toBe(NAME);
      expect(GatewayError.is(error) && error.message).toMatch(/^Acme Proxy: /);
    }
  });
});

describe('stream grounding', () => {
  it('cites the spans of text streamed in earlier events, with chunks from the final event', () => {
    const events = replaySse(`${V}googleai/streaming-success-url-context.txt`);
    const answer = textOf(events);
    const citations = events.flatMap((e) => (e.type === 'annotation' ? [e.annotation.url_citation] : []));
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) {
      expect(citation.url).toMatch(/^https?:\/\//);
      expect(citation.start_index).toBeDefined();
      expect(citation.end_index).toBeGreaterThan(citation.start_index ?? 0);
    }
    const lastFrame = framesOf(readFixture(`${V}googleai/streaming-success-url-context.txt`)).at(-1);
    const supports = (parseJson(lastFrame?.data ?? '') as {
      candidates: { groundingMetadata: { groundingSupports: { segment: { text: string } }[] } }[];
    }).candidates[0]?.groundingMetadata.groundingSupports;
    expect(citations.map((c) => answer.slice(c.start_index, c.end_index))).toEqual(supports?.map((s) => s.segment.text));
  });
});
