import {
  contractProblems,
  detailsOf,
  errorFacts,
  outcomeOf,
  readJsonFixture,
  reasoningOf,
  snapshotEvents,
  textOf,
  toolCallsOf,
  usageOf,
  WITHOUT_PROVIDER,
} from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { UNARY_FIXTURES } from './__fixtures__/gemini-fixtures.js';
import { parseJson } from './__fixtures__/gemini-test-helpers.js';
import { geminiAdapter } from './gemini-adapter.js';

const R = 'google/vercel-ai/';
const V = 'google/vertexai-sdk-test-data/';

/** A fixture's body as a loose record, to compare the adapter's output with what Gemini sent. */
function body(file: string): { candidates: { content: { parts: Record<string, unknown>[] } }[] } {
  return readJsonFixture(file) as { candidates: { content: { parts: Record<string, unknown>[] } }[] };
}

function parse(file: string) {
  return geminiAdapter.parseResponse(readJsonFixture(file), 'Google');
}

function parseError(file: string): GatewayError {
  try {
    geminiAdapter.parseResponse(readJsonFixture(file), 'Google');
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error(`${file} parsed without an error`);
}

describe('parseResponse replays every recorded generateContent body', () => {
  it.each(Object.entries(UNARY_FIXTURES))('%s', (file, outcome) => {
    if ('error' in outcome) {
      const error = parseError(file);
      expect(error.code).toBe(outcome.error);
      expect(errorFacts(error, WITHOUT_PROVIDER)).toMatchSnapshot();
      return;
    }
    const events = parse(file);
    expect(contractProblems(events)).toEqual([]);
    expect(outcomeOf(events)).toEqual(outcome);
    expect(snapshotEvents(events, WITHOUT_PROVIDER)).toMatchSnapshot();
  });
});

describe('parseResponse key facts', () => {
  it('reads a Gemini 3 function call with its thought signature, a derived id and thinking usage', () => {
    const file = `${R}google-tool-call-gemini3.json`;
    const events = parse(file);
    const part = body(file).candidates[0]?.content.parts[0];
    expect(events[0]).toEqual({ type: 'response-start', upstreamId: 'JniLacKqGqH0xs0P0O776As', upstreamModel: 'gemini-3-pro-preview' });
    expect(toolCallsOf(events)).toEqual([
      { id: 'call_JniLacKqGqH0xs0P0O776As_0', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);
    expect(detailsOf(events)).toEqual([
      {
        type: 'reasoning.encrypted',
        data: part?.['thoughtSignature'],
        format: 'google-gemini-v1',
        index: 0,
        id: 'call_JniLacKqGqH0xs0P0O776As_0',
      },
    ]);
    expect(usageOf(events)).toEqual({ promptTokens: 29, completionTokens: 15 + 1801, reasoningTokens: 1801 });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_calls', native: 'STOP' });
  });

  it('keeps a text part signature as an id-less encrypted detail after the text', () => {
    const file = `${R}google-reasoning.json`;
    const events = parse(file);
    const part = body(file).candidates[0]?.content.parts[0];
    expect(textOf(events)).toBe(part?.['text']);
    expect(detailsOf(events)).toEqual([
      { type: 'reasoning.encrypted', data: part?.['thoughtSignature'], format: 'google-gemini-v1', index: 0 },
    ]);
    expect(events.findIndex((e) => e.type === 'reasoning-detail')).toBeGreaterThan(events.findIndex((e) => e.type === 'text-delta'));
  });

  it('turns thought summaries into reasoning with reasoning.text details, then the signed call', () => {
    const file = `${V}googleai/unary-success-thinking-function-call-thought-summary-signature.json`;
    const events = parse(file);
    const [thought, call] = body(file).candidates[0]?.content.parts ?? [];
    expect(reasoningOf(events)).toBe(thought?.['text']);
    expect(textOf(events)).toBe('');
    const details = detailsOf(events);
    expect(details.map((d) => [d.type, d.index])).toEqual([
      ['reasoning.text', 0],
      ['reasoning.encrypted', 1],
    ]);
    expect(details[1]?.data).toBe(call?.['thoughtSignature']);
    expect(details[1]?.id).toBe(toolCallsOf(events)[0]?.id);
    expect(toolCallsOf(events)[0]?.name).toBe((call?.['functionCall'] as { name: string }).name);
  });

  it('adds cached, tool-use and thought tokens the OpenAI way', () => {
    expect(usageOf(parse(`${V}vertexai/unary-success-implicit-caching.json`))).toEqual({
      promptTokens: 12013,
      completionTokens: 15 + 73,
      cachedTokens: 11243,
      reasoningTokens: 73,
    });
    expect(usageOf(parse(`${V}googleai/unary-success-google-maps-grounding.json`))).toEqual({
      promptTokens: 9 + 59,
      completionTokens: 288 + 87,
      reasoningTokens: 87,
    });
    expect(usageOf(parse(`${V}vertexai/unary-success-partial-usage-metadata.json`))).toEqual({
      promptTokens: 6,
      completionTokens: 0,
    });
  });

  it('turns grounding supports into url_citation annotations with character spans of the answer', () => {
    const events = parse(`${V}googleai/unary-success-google-search-grounding.json`);
    const answer = textOf(events);
    const citations = events.flatMap((e) => (e.type === 'annotation' ? [e.annotation.url_citation] : []));
    const london = { url: 'https://www.google.com/search?q=weather+in+London', title: 'Weather information for locality: London' };
    expect(citations).toEqual([
      { url: expect.stringMatching(/^https:\/\/vertexaisearch\.cloud\.google\.com\//), title: 'accuweather.com', start_index: 0, end_index: 56 },
      // Gemini counts bytes (57..123, "°" is two); the annotation counts characters.
      { ...london, start_index: 57, end_index: 119 },
      { ...london, start_index: 120, end_index: 181 },
    ]);
    expect(answer.slice(57, 119)).toBe('The temperature is 67°F (19°C), but it feels like 75°F (24°C).');
    expect(answer.slice(120, 181)).toBe('There is a 0% chance of rain, and the humidity is around 41%.');
  });

  it('cites a grounding chunk without supports once, without a span', () => {
    const body = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'See the site.' }] },
          finishReason: 'STOP',
          groundingMetadata: {
            groundingChunks: [{ web: { uri: 'https://a.example/', title: 'A' } }, { maps: { uri: 'https://maps.example/x' } }, { web: { uri: 'https://a.example/' } }],
          },
        },
      ],
    };
    const events = geminiAdapter.parseResponse(body, 'Google');
    expect(events.filter((e) => e.type === 'annotation')).toEqual([
      { type: 'annotation', annotation: { type: 'url_citation', url_citation: { url: 'https://a.example/', title: 'A' } } },
    ]);
  });

  it('gives parallel calls dense indexes and distinct deterministic ids', () => {
    const calls = toolCallsOf(parse(`${V}vertexai/unary-success-function-call-parallel-calls.json`));
    expect(calls).toEqual([
      { id: 'call_0', name: 'sum', arguments: '{"y":1,"x":2}' },
      { id: 'call_1', name: 'sum', arguments: '{"y":3,"x":4}' },
      { id: 'call_2', name: 'sum', arguments: '{"y":5,"x":6}' },
    ]);
    expect(parse(`${V}vertexai/unary-success-function-call-parallel-calls.json`)).toEqual(
      parse(`${V}vertexai/unary-success-function-call-parallel-calls.json`),
    );
  });

  it('sends "{}" for calls without args and keeps null argument values', () => {
    expect(toolCallsOf(parse(`${V}vertexai/unary-success-function-call-empty-arguments.json`))[0]?.arguments).toBe('{}');
    expect(toolCallsOf(parse(`${V}vertexai/unary-success-function-call-no-arguments.json`))[0]?.arguments).toBe('{}');
    expect(parseJson(toolCallsOf(parse(`${V}vertexai/unary-success-function-call-null.json`))[0]?.arguments ?? '')).toEqual({
      original_title: 'String',
      season: null,
    });
  });

  it('keeps text around function calls and ignores code-execution and image parts', () => {
    const mixed = parse(`${V}vertexai/unary-success-function-call-mixed-content.json`);
    expect(textOf(mixed).length).toBeGreaterThan(0);
    expect(toolCallsOf(mixed).length).toBeGreaterThan(0);
    const code = parse(`${V}googleai/unary-success-code-execution.json`);
    const parts = body(`${V}googleai/unary-success-code-execution.json`).candidates[0]?.content.parts ?? [];
    expect(textOf(code)).toBe(parts.map((p) => p['text'] ?? '').join(''));
    expect(textOf(parse(`${V}vertexai/unary-success-empty-part.json`))).toMatch(/^I can certainly help you with that!/);
  });

  it('ends a blocked prompt as content_filter with the block reason as native', () => {
    const blocked = parse(`${V}vertexai/unary-failure-prompt-blocked-safety.json`);
    expect(textOf(blocked)).toBe('');
    expect(blocked.at(-1)).toEqual({ type: 'finish', reason: 'content_filter', native: 'SAFETY' });
    expect(parse(`${V}googleai/unary-failure-only-prompt-feedback.json`).at(-1)).toEqual({
      type: 'finish',
      reason: 'content_filter',
      native: undefined,
    });
  });

  it('keeps unknown finish enums as native with unified stop', () => {
    expect(parse(`${V}vertexai/unary-failure-unknown-enum-finish-reason.json`).at(-1)).toEqual({
      type: 'finish',
      reason: 'stop',
      native: 'FAKE_NEW_FINISH_REASON',
    });
  });

  it('rejects bodies that are not a GenerateContentResponse', () => {
    const error = parseError(`${V}vertexai/unary-failure-invalid-response.json`);
    expect(error.code).toBe('upstream_bad_response');
    expect(error.options.raw).toEqual(readJsonFixture(`${V}vertexai/unary-failure-invalid-response.json`));
  });

  it('maps an error envelope that arrives as a body like an HTTP error', () => {
    const error = parseError(`${R}google-429-retry-info.json`);
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.options.retryAfterMs).toBe(34_400);
  });
});
