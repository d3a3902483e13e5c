import { indexRows, readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { openAiResponsesAdapter } from './openai-responses-adapter.js';
import { unwrapParallelCall } from './parallel-wrapper.js';

/**
 * Every Responses-API recording of the `openai` folder (vercel-ai/openai-responses/, skipped by the
 * openai-compatible replay as "not this adapter") and of `open-responses` is replayed here:
 * `.json` bodies through parseResponse (error bodies through mapError), `.chunks.txt` re-framed as
 * SSE through the real decoder. Files that recorded several responses back to back (multi-step
 * runs) are replayed response by response, split at `response.created`.
 */
const RESPONSES_DIR = 'openai/vercel-ai/openai-responses/';
const OPEN_RESPONSES_DIR = 'open-responses/vercel-ai/open-responses-responses/';

const ERROR_BODIES: Readonly<Record<string, number>> = {
  [`${RESPONSES_DIR}openai-error.1.json`]: 429,
  [`${RESPONSES_DIR}reasoning-model-temperature-error.json`]: 400,
};

/**
 * The recording's `response.created` and `response.completed` lines each lack their final `}`
 * (invalid JSON): replayed as recorded, the decoder must refuse it; repaired, see "the parallel
 * tool-call wrapper" below.
 */
const TRUNCATED_STREAMS = new Set([`${RESPONSES_DIR}parallel-tool-call-wrapper.1.chunks.txt`]);

/**
 * Recordings whose deltas disagree with their own `output_text.done` / `response.completed` text
 * (the deltas end "…successfully." where the final text goes on "…successfully in the container"):
 * clients already have the deltas, so the decoder keeps them and the final-text check is skipped.
 */
const DELTAS_DISAGREE_WITH_FINAL_TEXT = new Set([`${RESPONSES_DIR}openai-shell-container.1.chunks.txt`]);

const covered = [
  ...indexRows('openai').map((row) => row.file).filter((file) => file.startsWith(RESPONSES_DIR)),
  ...indexRows('open-responses').map((row) => row.file),
];

function serializable(events: readonly CanonicalEvent[]): unknown[] {
  return events.map((event) =>
    event.type === 'error'
      ? { type: 'error', error: { code: event.error.code, message: event.error.message, providerCode: event.error.options.providerCode } }
      : event,
  );
}

/** The stream's lines split into one list per recorded response. */
function segments(file: string): string[][] {
  const lines = readFixture(file).split('\n').filter((line) => line.trim() !== '');
  const out: string[][] = [];
  for (const line of lines) {
    if (out.length === 0 || line.startsWith('{"type":"response.created"')) out.push([]);
    out.at(-1)?.push(line);
  }
  return out;
}

function replayLines(lines: readonly string[]): CanonicalEvent[] {
  const decoder = openAiResponsesAdapter.createStreamDecoder('OpenAI');
  const body = lines.map((line) => `data: ${line}\n\n`).join('');
  return [...sseToFrames(body).flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function expectWellFormed(events: readonly CanonicalEvent[]): void {
  expect(events[0]?.type).toBe('response-start');
  expect(events.filter((event) => event.type === 'response-start')).toHaveLength(1);
  expect(['finish', 'error']).toContain(events.at(-1)?.type);
  const firsts = new Map<number, CanonicalEvent>();
  for (const event of events) if (event.type === 'tool-call-delta' && !firsts.has(event.index)) firsts.set(event.index, event);
  expect([...firsts.keys()]).toEqual([...firsts.keys()].map((_, i) => i));
  for (const first of firsts.values()) {
    if (first.type === 'tool-call-delta') expect(first.id && first.name).toBeTruthy();
  }
}

/** Facts read from the recording itself, checked against the events. */
function expectFacts(events: readonly CanonicalEvent[], response: Record<string, unknown>): void {
  const output = (response['output'] as Record<string, unknown>[] | undefined) ?? [];
  const text = output
    .filter((item) => item['type'] === 'message')
    .flatMap((item) => item['content'] as Record<string, unknown>[])
    .flatMap((part) => (part['type'] === 'output_text' ? [part['text'] as string] : []))
    .join('');
  expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('')).toBe(text);
  const calls = output.filter((item) => item['type'] === 'function_call');
  const args = new Map<number, string>();
  for (const e of events) if (e.type === 'tool-call-delta') args.set(e.index, (args.get(e.index) ?? '') + e.argumentsDelta);
  const expected = calls.flatMap((call) =>
    call['name'] === 'parallel' ? (unwrapParallelCall(String(call['call_id']), String(call['arguments'])) ?? []).map((c) => c.arguments) : [call['arguments']],
  );
  expect([...args.values()]).toEqual(expected);
  const usage = response['usage'] as Record<string, number> | undefined;
  const patch = events.find((e) => e.type === 'usage');
  if (usage != null) expect(patch?.type === 'usage' ? patch.usage.promptTokens : undefined).toBe(usage['input_tokens']);
  const finish = events.at(-1);
  if (finish?.type === 'finish') expect(finish.reason).toBe(calls.length > 0 ? 'tool_calls' : 'stop');
}

describe('fixture coverage', () => {
  it('covers every Responses-API row of openai and every open-responses row', () => {
    const rows = [...indexRows('openai'), ...indexRows('open-responses')].map((row) => row.file);
    expect(rows.filter((file) => file.startsWith(RESPONSES_DIR) || file.startsWith(OPEN_RESPONSES_DIR)).sort()).toEqual([...covered].sort());
    expect(covered.length).toBe(68);
  });
});

describe('replay of recorded Responses API traffic', () => {
  for (const file of covered) {
    const status = ERROR_BODIES[file];
    if (status !== undefined) {
      it(`${file} (error body, HTTP ${status})`, async () => {
        const body = readJsonFixture(file);
        const error = openAiResponsesAdapter.mapError({ status, headers: {}, body }, 'OpenAI');
        expect(error.message).toMatch(/^OpenAI: .+/);
        expect(error.options.raw).toEqual(body);
        expect(error.code).toBe(status === 429 ? 'upstream_quota_exceeded' : 'upstream_rejected');
        await expect(JSON.stringify({ code: error.code, message: error.message }, null, 2)).toMatchFileSnapshot(snapshotPath(file));
      });
      continue;
    }
    if (file.endsWith('.json')) {
      it(file, async () => {
        const body = readJsonFixture(file) as Record<string, unknown>;
        const events = openAiResponsesAdapter.parseResponse(body, 'OpenAI');
        expectWellFormed(events);
        expectFacts(events, body);
        await expect(JSON.stringify(serializable(events), null, 2)).toMatchFileSnapshot(snapshotPath(file));
      });
      continue;
    }
    it(file, async () => {
      const replays = segments(file).map(replayLines);
      if (TRUNCATED_STREAMS.has(file)) {
        const last = replays[0]?.at(-1);
        expect(last?.type === 'error' && last.error.code).toBe('upstream_bad_response');
      } else {
        for (const [i, events] of replays.entries()) {
          expectWellFormed(events);
          const terminal = JSON.parse(segments(file)[i]?.at(-1) ?? '{}') as Record<string, unknown>;
          if (DELTAS_DISAGREE_WITH_FINAL_TEXT.has(file)) continue;
          if (terminal['type'] === 'response.completed') expectFacts(events, terminal['response'] as Record<string, unknown>);
        }
      }
      await expect(JSON.stringify(replays.map(serializable), null, 2)).toMatchFileSnapshot(snapshotPath(file));
    });
  }
});

describe('stream specifics', () => {
  it('the insufficient_quota error event ends the stream with upstream_quota_exceeded', () => {
    const events = replayLines(segments(`${RESPONSES_DIR}openai-error.1.chunks.txt`)[0] ?? []);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type === 'error') {
      expect(GatewayError.is(last.error)).toBe(true);
      expect(last.error.code).toBe('upstream_quota_exceeded');
      expect(last.error.message).toMatch(/^OpenAI: You exceeded your current quota/);
    }
  });

  it('tool arguments sent only in function_call_arguments.done still arrive (LM Studio)', () => {
    const events = replayLines(segments(`${OPEN_RESPONSES_DIR}lmstudio-tool-call.1.chunks.txt`)[0] ?? []);
    const args = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.argumentsDelta] : [])).join('');
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco' });
  });

  it('url citations keep offsets into the whole message text', () => {
    const events = replayLines(segments(`${RESPONSES_DIR}openai-web-search-tool.1.chunks.txt`)[0] ?? []);
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
    const citations = events.flatMap((e) => (e.type === 'annotation' ? [e.annotation.url_citation] : []));
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) {
      expect(citation.end_index).toBeLessThanOrEqual(text.length);
      expect(citation.start_index).toBeLessThan(citation.end_index ?? 0);
    }
  });
});

describe('the parallel tool-call wrapper', () => {
  const file = `${RESPONSES_DIR}parallel-tool-call-wrapper.1`;
  const expected = [
    { index: 0, id: 'call_parallel_0', name: 'weather', argumentsDelta: '{"location":"San Francisco"}' },
    { index: 1, id: 'call_parallel_1', name: 'cityAttractions', argumentsDelta: '{"city":"Rome"}' },
  ];

  it('a recorded `parallel` call becomes the calls it wraps', () => {
    const events = openAiResponsesAdapter.parseResponse(readJsonFixture(`${file}.json`), 'OpenAI');
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual(expected.map((call) => ({ type: 'tool-call-delta', ...call })));
    expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'tool_calls' });
  });

  it('streamed, it is held until complete and then unwrapped (the recording with its missing braces restored)', () => {
    const lines = readFixture(`${file}.chunks.txt`).split('\n').filter(Boolean);
    const repaired = lines.map((line) => (line.startsWith('{"type":"response.created"') || line.startsWith('{"type":"response.completed"') ? `${line}}` : line));
    for (const line of repaired) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const events = replayLines(repaired);
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual(expected.map((call) => ({ type: 'tool-call-delta', ...call })));
    expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'tool_calls' });
  });
});

describe('terminal events (shapes from the OpenAI spec: no recording has them)', () => {
  const created = JSON.stringify({ type: 'response.created', response: { id: 'resp_1', object: 'response', model: 'o3-pro', status: 'in_progress', output: [] } });
  const delta = JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi' });

  it('response.incomplete for max_output_tokens finishes with length, after usage', () => {
    const incomplete = JSON.stringify({
      type: 'response.incomplete',
      response: { id: 'resp_1', object: 'response', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage: { input_tokens: 3, output_tokens: 9, output_tokens_details: { reasoning_tokens: 8 } } },
    });
    const events = replayLines([created, delta, incomplete]);
    expect(events.slice(-2)).toEqual([
      { type: 'usage', usage: { promptTokens: 3, completionTokens: 9, reasoningTokens: 8 } },
      { type: 'finish', reason: 'length', native: 'max_output_tokens' },
    ]);
  });

  it('response.failed is an error event; context_length_exceeded is recognised', () => {
    const failed = JSON.stringify({
      type: 'response.failed',
      response: { id: 'resp_1', object: 'response', status: 'failed', error: { code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' } },
    });
    const last = replayLines([created, failed]).at(-1);
    expect(last?.type === 'error' && [last.error.code, last.error.message]).toEqual([
      'context_length_exceeded',
      'OpenAI: Your input exceeds the context window of this model.',
    ]);
  });

  it('a flat error event maps by its code; a stream cut before the end is an error', () => {
    const error = JSON.stringify({ type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 2 });
    const failed = replayLines([created, error]).at(-1);
    expect(failed?.type === 'error' && [failed.error.code, failed.error.message]).toEqual(['upstream_rate_limited', 'OpenAI: Slow down']);
    const server = JSON.stringify({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'Oops' } } });
    const serverError = replayLines([created, server]).at(-1);
    expect(serverError?.type === 'error' && serverError.error.code).toBe('upstream_unavailable');
    const cut = replayLines([created, delta]).at(-1);
    expect(cut?.type === 'error' && cut.error.code).toBe('upstream_unavailable');
  });
});

function snapshotPath(file: string): string {
  return `./__snapshots__/fixtures/${file}.events.json`;
}
