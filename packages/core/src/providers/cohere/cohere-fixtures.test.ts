import {
  chunksToSse,
  COMPLETE_COVERAGE,
  contractProblems,
  fixtureCoverage,
  indexRows,
  readJsonFixture,
  reasoningOf,
  snapshotEvents,
  sseToFrames,
  textOf,
  toolCallsOf,
  usageOf,
} from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { asRecord, asString } from '../../json.js';
import { CHUNK_FIXTURES, SKIPPED_FIXTURES, UNARY_FIXTURES, type Expected } from './__fixtures__/cohere-fixtures.js';
import { cohereAdapter } from './cohere-adapter.js';

/** Cohere's v2 stream is SSE with an `event:` line naming each event's type (as the official SDKs read it). */
const eventName = (payload: unknown) => asString(asRecord(payload)?.['type']);

function replayChunks(file: string, chunkSize?: number): CanonicalEvent[] {
  const decoder = cohereAdapter.createStreamDecoder('Cohere');
  const frames = sseToFrames(chunksToSse(file, eventName), chunkSize);
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function expectFacts(events: readonly CanonicalEvent[], expected: Expected): void {
  expect(contractProblems(events)).toEqual([]);
  expect(events[0]).toEqual({ type: 'response-start', upstreamId: expected.upstreamId });
  expect(textOf(events)).toBe(expected.text);
  expect(reasoningOf(events)).toBe(expected.reasoning);
  const calls = toolCallsOf(events);
  expect(calls.map((call) => ({ id: call.id, name: call.name, args: JSON.parse(call.arguments) as unknown }))).toEqual(expected.toolCalls);
  expect(usageOf(events)).toEqual(expected.usage);
  const last = events.at(-1);
  expect(last?.type === 'finish' ? [last.reason, last.native] : last).toEqual(expected.finish);
}

describe('Cohere JSON bodies (parseResponse)', () => {
  it.each(Object.entries(UNARY_FIXTURES))('%s', (file, expected) => {
    const events = cohereAdapter.parseResponse(readJsonFixture(file), 'Cohere');
    expectFacts(events, expected);
    expect(snapshotEvents(events)).toMatchSnapshot();
  });

  it('citations of documents without a URL become no annotations (there is no OpenAI form for them)', () => {
    const events = cohereAdapter.parseResponse(readJsonFixture('cohere/vercel-ai/cohere-citations.json'), 'Cohere');
    expect(events.filter((event) => event.type === 'annotation')).toEqual([]);
  });

  it('thinking and the tool plan are separate reasoning_details entries', () => {
    const details = (file: string) =>
      cohereAdapter.parseResponse(readJsonFixture(file), 'Cohere').flatMap((e) => (e.type === 'reasoning-delta' && e.detail ? [e.detail] : []));
    expect(details('cohere/vercel-ai/cohere-reasoning.json')).toMatchObject([{ type: 'reasoning.text', format: 'unknown', index: 0 }]);
    expect(details('cohere/vercel-ai/cohere-tool-call.json')).toMatchObject([{ type: 'reasoning.summary', format: 'unknown', index: 0 }]);
  });
});

describe('Cohere streams (SSE)', () => {
  it.each(Object.entries(CHUNK_FIXTURES))('%s', (file, expected) => {
    const events = replayChunks(file);
    expectFacts(events, expected);
    expect(snapshotEvents(events)).toMatchSnapshot();
  });

  it.each(Object.keys(CHUNK_FIXTURES))('%s decodes the same whatever the network chunking', (file) => {
    expect(replayChunks(file, 5)).toEqual(replayChunks(file, 4096));
  });

  it('streams tool arguments as they arrive, with the id and name on the first piece only', () => {
    const pieces = replayChunks('cohere/vercel-ai/cohere-tool-call.chunks.txt').filter((e) => e.type === 'tool-call-delta');
    expect(pieces[0]).toEqual({ type: 'tool-call-delta', index: 0, id: 'weather_e8p4pn45zt0t', name: 'weather', argumentsDelta: '' });
    expect(pieces[1]).toEqual({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"' });
    expect(pieces.filter((p) => p.index === 1).length).toBe(8);
  });

  it('a call whose arguments never streamed ends with {} (clients parse arguments as JSON)', () => {
    const pieces = replayChunks('cohere/vercel-ai/cohere-empty-tool-call.chunks.txt').filter((e) => e.type === 'tool-call-delta');
    expect(pieces.map((p) => p.argumentsDelta)).toEqual(['', '{}']);
  });

  it('thinking deltas of one block share one reasoning_details index', () => {
    const events = replayChunks('cohere/vercel-ai/cohere-reasoning.chunks.txt');
    const indexes = new Set(events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.detail?.index] : [])));
    expect([...indexes]).toEqual([0]);
  });
});

/** Every file the Cohere tests replay (each list is iterated above). */
const COVERED = [...Object.keys(UNARY_FIXTURES), ...Object.keys(CHUNK_FIXTURES)];
const SKIPPED = Object.keys(SKIPPED_FIXTURES);

describe('Cohere fixture coverage', () => {
  it('covers or skips, with a reason, exactly the INDEX.md rows of cohere, never a file twice', () => {
    expect(fixtureCoverage(['cohere'], COVERED, SKIPPED)).toEqual(COMPLETE_COVERAGE);
    expect(indexRows('cohere')).toHaveLength(12);
  });

  it('skips only what is not chat', () => {
    expect(Object.values(SKIPPED_FIXTURES).every((reason) => reason.startsWith('not chat:'))).toBe(true);
    expect(COVERED).toHaveLength(10);
  });
});
