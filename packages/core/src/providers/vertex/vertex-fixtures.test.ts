import { chunksToSse, indexRows, readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { mergeUsage, type CanonicalEvent, type UsagePatch } from '../../canonical/canonical-event.js';
import { isRecord, safeParseJson } from '../../json.js';
import type { ProviderAdapter, StreamFrame, UpstreamFailure } from '../provider-adapter.js';
import { vertexAnthropicAdapter } from './vertex-anthropic-adapter.js';
import { vertexGeminiAdapter } from './vertex-gemini-adapter.js';

/**
 * Recorded responses replayed through the Vertex adapters' parsers and decoders (the shared Gemini
 * and Anthropic ones). The Gemini and Anthropic adapters already replay every fixture of their
 * folders; this is a representative set proving the Vertex wiring reads real traffic:
 * - Gemini: only `vertexai-sdk-test-data/vertexai/*` files, which are real Vertex AI responses —
 *   text, parallel function calls, thought summaries, implicit caching, citations, a blocked
 *   prompt; streamed text, a streamed function call, streamed thinking, an error mid-stream; and
 *   Vertex error bodies (IAM denial, quota, unknown model, unsupported location, HTML 404).
 * - Claude: Vertex's rawPredict returns the Messages API's bodies and SSE unchanged, so Anthropic
 *   recordings stand in: text and tool use, non-streaming and streaming (vercel/ai and the
 *   official SDK's raw SSE).
 * google-vertex/ itself holds one embeddings body: skipped below (embeddings are a later issue).
 */
const G = 'google/vertexai-sdk-test-data/vertexai/';
const A = 'anthropic/vercel-ai/';
const SDK = 'anthropic/anthropic-sdk-typescript/';

interface Facts {
  readonly finish: string | undefined;
  readonly native?: string | undefined;
  readonly prompt?: number;
  readonly completion?: number;
  readonly text?: string;
  readonly tools?: readonly string[];
  readonly reasoning?: boolean;
  readonly cached?: number;
  readonly annotations?: number;
  readonly error?: string;
}

interface Summary {
  finish: string | undefined;
  native: string | undefined;
  usage: UsagePatch;
  text: string;
  reasoning: string;
  tools: string[];
  annotations: number;
  error: string | undefined;
}

function summarize(events: readonly CanonicalEvent[]): Summary {
  const summary: Summary = { finish: undefined, native: undefined, usage: {}, text: '', reasoning: '', tools: [], annotations: 0, error: undefined };
  for (const event of events) {
    if (event.type === 'text-delta') summary.text += event.delta;
    else if (event.type === 'reasoning-delta') summary.reasoning += event.delta;
    else if (event.type === 'tool-call-delta' && event.name !== undefined) summary.tools.push(event.name);
    else if (event.type === 'usage') mergeUsage(summary.usage, event.usage);
    else if (event.type === 'annotation') summary.annotations += 1;
    else if (event.type === 'error') summary.error = event.error.code;
    else if (event.type === 'finish') {
      summary.finish = event.reason;
      summary.native = event.native;
    }
  }
  return summary;
}

function checkFacts(events: readonly CanonicalEvent[], facts: Facts): void {
  const summary = summarize(events);
  expect(events[0]?.type).toBe('response-start');
  if (facts.error !== undefined) expect(summary.error).toBe(facts.error);
  expect(summary.finish).toBe(facts.finish);
  if ('native' in facts) expect(summary.native).toBe(facts.native);
  if (facts.prompt !== undefined) expect(summary.usage.promptTokens).toBe(facts.prompt);
  if (facts.completion !== undefined) expect(summary.usage.completionTokens).toBe(facts.completion);
  if (facts.text !== undefined) expect(summary.text.startsWith(facts.text), summary.text).toBe(true);
  if (facts.tools !== undefined) expect(summary.tools).toEqual(facts.tools);
  if (facts.reasoning === true) expect(summary.reasoning.length).toBeGreaterThan(0);
  if (facts.cached !== undefined) expect(summary.usage.cachedTokens).toBe(facts.cached);
  if (facts.annotations !== undefined) expect(summary.annotations).toBe(facts.annotations);
}

function replay(adapter: ProviderAdapter, frames: readonly StreamFrame[]): CanonicalEvent[] {
  const decoder = adapter.createStreamDecoder('Google Vertex');
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function framesOf(file: string): StreamFrame[] {
  if (!file.endsWith('.chunks.txt')) return sseToFrames(readFixture(file));
  const eventName = (payload: unknown) => (isRecord(payload) && typeof payload['type'] === 'string' ? payload['type'] : undefined);
  return sseToFrames(chunksToSse(file, eventName));
}

/** Facts below were read off the fixture files (usage fields, finish reasons, first words). */
const GEMINI_BODIES: Readonly<Record<string, Facts>> = {
  [`${G}unary-success-basic-reply-short.json`]: { finish: 'stop', native: 'STOP', prompt: 6, completion: 7, text: 'Mountain View, California' },
  [`${G}unary-success-function-call-parallel-calls.json`]: { finish: 'tool_calls', native: 'STOP', tools: ['sum', 'sum', 'sum'] },
  [`${G}unary-success-thinking-reply-thought-summary.json`]: { finish: 'stop', native: 'STOP', reasoning: true },
  [`${G}unary-success-implicit-caching.json`]: { finish: 'stop', native: 'STOP', cached: 11243 },
  [`${G}unary-success-citations.json`]: { finish: 'stop', native: 'STOP' },
  [`${G}unary-failure-prompt-blocked-safety.json`]: { finish: 'content_filter', native: 'SAFETY' },
};

const GEMINI_STREAMS: Readonly<Record<string, Facts>> = {
  [`${G}streaming-success-basic-reply-short.txt`]: { finish: 'stop', native: 'STOP', text: 'Cheyenne' },
  [`${G}streaming-success-function-call-short.txt`]: { finish: 'tool_calls', native: 'STOP', tools: ['getTemperature'] },
  [`${G}streaming-success-thinking-reply-thought-summary.txt`]: { finish: 'stop', native: 'STOP', reasoning: true },
  [`${G}streaming-failure-error-mid-stream.txt`]: { finish: undefined, error: 'upstream_unavailable' },
};

/** Vertex error bodies, with the HTTP status Google sent (repeated as error.code; the HTML page is a 404). */
const GEMINI_ERRORS: Readonly<Record<string, string>> = {
  [`${G}unary-failure-iam-permission-denied.json`]: 'upstream_auth_failed',
  [`${G}unary-failure-quota-exceeded.json`]: 'upstream_rate_limited',
  [`${G}unary-failure-model-not-found.json`]: 'upstream_not_found',
  [`${G}unary-failure-unsupported-user-location.json`]: 'upstream_rejected',
  [`${G}unary-failure-invalid-location-url-not-found.html`]: 'upstream_not_found',
};

const CLAUDE_BODIES: Readonly<Record<string, Facts>> = {
  [`${A}anthropic-text.json`]: { finish: 'stop', native: 'end_turn', prompt: 12, completion: 29, text: "Hello! I'm doing well, thanks fo" },
  [`${A}anthropic-tool-no-args.json`]: { finish: 'tool_calls', native: 'tool_use', prompt: 602, completion: 93, tools: ['updateIssueList'] },
};

const CLAUDE_STREAMS: Readonly<Record<string, Facts>> = {
  [`${A}anthropic-text.chunks.txt`]: { finish: 'stop', native: 'end_turn', prompt: 12, completion: 30, text: "Hello! I'm doing well, thank you" },
  [`${A}anthropic-tool-no-args.chunks.txt`]: { finish: 'tool_calls', native: 'tool_use', prompt: 565, completion: 48, tools: ['updateIssueList'] },
  [`${SDK}basic_response.txt`]: { finish: 'stop', native: 'end_turn', prompt: 11, completion: 6, text: 'Hello there!' },
  [`${SDK}tool_use_response.txt`]: { finish: 'tool_calls', native: 'tool_use', prompt: 377, completion: 65, tools: ['get_weather'] },
};

/** google-vertex/ rows that are not chat: skipped with the reason. */
const SKIPPED: Readonly<Record<string, string>> = {
  'google-vertex/vercel-ai/google-vertex-embedding.json': 'Vertex AI embeddings (predict), not chat: embeddings are a later issue',
};

function geminiFailure(file: string): UpstreamFailure {
  const text = readFixture(file);
  const parsed = safeParseJson(text);
  if (!parsed.ok) return { status: 404, headers: {}, body: text };
  const error = isRecord(parsed.value) ? parsed.value['error'] : undefined;
  const code = isRecord(error) && typeof error['code'] === 'number' ? error['code'] : 500;
  return { status: code, headers: {}, body: parsed.value };
}

describe('vertex-gemini replays real Vertex AI responses', () => {
  it.each(Object.entries(GEMINI_BODIES))('parseResponse %s', (file, facts) => {
    const events = vertexGeminiAdapter.parseResponse(readJsonFixture(file), 'Google Vertex');
    checkFacts(events, facts);
    expect(events).toMatchSnapshot();
  });

  it.each(Object.entries(GEMINI_STREAMS))('stream %s', (file, facts) => {
    const events = replay(vertexGeminiAdapter, framesOf(file));
    checkFacts(events, facts);
    expect(events.map((event) => event.type)).toMatchSnapshot();
  });

  it.each(Object.entries(GEMINI_ERRORS))('mapError %s', (file, code) => {
    const failure = geminiFailure(file);
    const error = vertexGeminiAdapter.mapError(failure, 'Google Vertex');
    expect(error.code).toBe(code);
    expect(error.options.provider).toBe('Google Vertex');
    expect(error.options.upstreamStatus).toBe(failure.status);
  });
});

describe('vertex-anthropic replays Anthropic Messages traffic (rawPredict passes it through)', () => {
  it.each(Object.entries(CLAUDE_BODIES))('parseResponse %s', (file, facts) => {
    const events = vertexAnthropicAdapter.parseResponse(readJsonFixture(file), 'Google Vertex');
    checkFacts(events, facts);
    expect(events).toMatchSnapshot();
  });

  it.each(Object.entries(CLAUDE_STREAMS))('stream %s', (file, facts) => {
    const events = replay(vertexAnthropicAdapter, framesOf(file));
    checkFacts(events, facts);
    expect(events.map((event) => event.type)).toMatchSnapshot();
  });

  it('maps Anthropic error bodies, recognising context length and overload', () => {
    const tooLong = vertexAnthropicAdapter.mapError(
      { status: 400, headers: {}, body: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 250000 tokens > 200000 maximum' } } },
      'Google Vertex',
    );
    expect(tooLong.code).toBe('context_length_exceeded');
    expect(tooLong.options.provider).toBe('Google Vertex');
    const overloaded = vertexAnthropicAdapter.mapError(
      { status: 529, headers: {}, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
      'Google Vertex',
    );
    expect(overloaded.code).toBe('upstream_overloaded');
  });
});

describe('Vertex fixture coverage', () => {
  it('accounts for every INDEX.md row of google-vertex (replayed or skipped with a reason)', () => {
    const rows = indexRows('google-vertex').map((row) => row.file);
    expect([...rows].sort()).toEqual(Object.keys(SKIPPED).sort());
    expect(Object.values(SKIPPED).every((reason) => /not chat/.test(reason))).toBe(true);
  });

  it('replays only files listed in INDEX.md', () => {
    const google = new Set(indexRows('google').map((row) => row.file));
    const anthropic = new Set(indexRows('anthropic').map((row) => row.file));
    for (const file of [...Object.keys(GEMINI_BODIES), ...Object.keys(GEMINI_STREAMS), ...Object.keys(GEMINI_ERRORS)]) {
      expect(google.has(file), file).toBe(true);
    }
    for (const file of [...Object.keys(CLAUDE_BODIES), ...Object.keys(CLAUDE_STREAMS)]) expect(anthropic.has(file), file).toBe(true);
  });
});
