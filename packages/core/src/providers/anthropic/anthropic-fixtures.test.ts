import { chunksToSse, COMPLETE_COVERAGE, fixtureCoverage, indexRows, readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { mergeUsage, type UsagePatch } from '../../canonical/canonical-event.js';
import { isRecord, safeParseJson } from '../../json.js';
import type { StreamFrame } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';

/**
 * Replays every chat fixture of INDEX.md "## anthropic" through the adapter. Key facts below were
 * computed from the raw fixtures by an independent script (text = concatenated text blocks or
 * text_delta; prompt = input + cache_read + cache_creation tokens, later usage fields winning).
 */
interface Facts {
  readonly finish: string | null;
  readonly prompt: number;
  readonly completion: number;
  readonly tools?: readonly string[];
  /** Start of the visible text. */
  readonly text?: string;
  /** Start of the reasoning text. */
  readonly reasoning?: string;
  readonly annotations?: number;
  /** Start of the refusal explanation (stop_details). */
  readonly refusal?: string;
  /** Streams holding several recorded responses (split at message_stop); facts describe the last. */
  readonly segments?: number;
  readonly error?: string;
}

const V = 'anthropic/vercel-ai/';
const SDK = 'anthropic/anthropic-sdk-typescript/';

/** Non-streaming Messages bodies. */
const JSON_FIXTURES: Readonly<Record<string, Facts>> = {
  [`${V}anthropic-advisor-20260301.1.json`]: { finish: 'end_turn', prompt: 2414, completion: 3200, text: 'Great guidance. Here is the full' },
  [`${V}anthropic-advisor-stop-reasons.json`]: { finish: 'end_turn', prompt: 10, completion: 20 },
  [`${V}anthropic-claude-opus-5-reasoning-high.1.json`]: { finish: 'end_turn', prompt: 51, completion: 1699, text: '## Step 1: Set up the problem', reasoning: 'I need to find all roots' },
  [`${V}anthropic-clear-thinking.1.json`]: { finish: 'end_turn', prompt: 69, completion: 33, text: '925 ÷ 5 = 185', reasoning: '925 divided by 5 = 185' },
  [`${V}anthropic-clear-tool-uses.1.json`]: { finish: 'end_turn', prompt: 859, completion: 132, text: "\n\nHere's a comparison of the wea" },
  [`${V}anthropic-code-execution-20250825.1.json`]: { finish: 'end_turn', prompt: 7881, completion: 608, text: "I'll create a Python script to c" },
  [`${V}anthropic-code-execution-20250825.2.json`]: { finish: 'end_turn', prompt: 12546, completion: 1359, text: "I'll help you create a Python sc" },
  [`${V}anthropic-code-execution-20250825.pptx-skill.json`]: { finish: 'end_turn', prompt: 950648, completion: 13856, text: "I'll help you create a presentat" },
  [`${V}anthropic-code-execution-file-upload.1.json`]: { finish: 'end_turn', prompt: 7451, completion: 521, text: "I'll analyze the CSV data to cal" },
  [`${V}anthropic-combined-context-editing.1.json`]: { finish: 'end_turn', prompt: 50, completion: 418, text: '# 25 × 37', reasoning: 'I need to calculate 25 *' },
  [`${V}anthropic-compaction.1.json`]: { finish: 'end_turn', prompt: 682, completion: 1320, text: 'Based on our conversation histor' },
  [`${V}anthropic-fallback.json`]: { finish: 'end_turn', prompt: 412, completion: 264, text: 'The printing press was invented ' },
  [`${V}anthropic-json-other-tool.1.json`]: { finish: 'tool_use', prompt: 843, completion: 28, tools: ['weather'] },
  [`${V}anthropic-json-output-format.1.json`]: { finish: 'end_turn', prompt: 371, completion: 629, text: '{"recipe":{"name":"Classic Lasag' },
  [`${V}anthropic-json-tool.1.json`]: { finish: 'tool_use', prompt: 1151, completion: 87, tools: ['json'] },
  [`${V}anthropic-mcp.1.json`]: { finish: 'end_turn', prompt: 1250, completion: 88, text: 'The echo tool responded back wit' },
  [`${V}anthropic-memory-20250818.1.json`]: { finish: 'tool_use', prompt: 1614, completion: 69, tools: ['memory'] },
  [`${V}anthropic-programmatic-tool-calling.1.json`]: { finish: 'end_turn', prompt: 4243, completion: 229, tools: ['rollDie', 'rollDie', 'rollDie', 'rollDie'], text: "I'll help you simulate this dice" },
  [`${V}anthropic-refusal-no-details.json`]: { finish: 'refusal', prompt: 18, completion: 5 },
  [`${V}anthropic-refusal.json`]: { finish: 'refusal', prompt: 18, completion: 5, refusal: 'This request triggered restrictions' },
  [`${V}anthropic-text.json`]: { finish: 'end_turn', prompt: 12, completion: 29, text: "Hello! I'm doing well, thanks fo" },
  [`${V}anthropic-tool-no-args.json`]: { finish: 'tool_use', prompt: 602, completion: 93, tools: ['updateIssueList'], text: '<thinking>\nThe updateIssueList t' },
  [`${V}anthropic-tool-search-bm25.1.json`]: { finish: 'tool_use', prompt: 1631, completion: 161, tools: ['get_weather'], text: "I'll search for a weather-relate" },
  [`${V}anthropic-tool-search-deferred-bm25.2.json`]: { finish: 'tool_use', prompt: 1398, completion: 213, tools: ['executeEditorOperation'], text: 'Perfect! I can see the current s' },
  [`${V}anthropic-tool-search-deferred-regex.2.json`]: { finish: 'tool_use', prompt: 1520, completion: 203, tools: ['executeEditorOperation'], text: 'Good! I can see the current note' },
  [`${V}anthropic-tool-search-regex.1.json`]: { finish: 'tool_use', prompt: 1676, completion: 184, tools: ['get_temp_data'], text: 'I found a tool to get temperatur' },
  [`${V}anthropic-web-fetch-tool-20260209.1.json`]: { finish: 'end_turn', prompt: 7204, completion: 162, text: 'The page at **example.com** is a' },
  [`${V}anthropic-web-fetch-tool.1.json`]: { finish: 'end_turn', prompt: 4234, completion: 462, text: "I'll fetch the Wikipedia page ab" },
  [`${V}anthropic-web-fetch-tool.2.json`]: { finish: 'end_turn', prompt: 28638, completion: 365, text: "I'll fetch the PDF from the URL " },
  [`${V}anthropic-web-fetch-tool.error.json`]: { finish: 'end_turn', prompt: 1902, completion: 214, text: "I'll fetch the PDF document from" },
  [`${V}anthropic-web-search-tool.1.json`]: { finish: 'end_turn', prompt: 27118, completion: 600, text: 'Let me search for more specific ', annotations: 3 },
};

/** Streams: vercel *.chunks.txt (one payload per line, no event: lines) and the SDK's raw SSE files. */
const STREAM_FIXTURES: Readonly<Record<string, Facts>> = {
  [`${V}anthropic-advisor-20250301.1.chunks.txt`]: { finish: 'end_turn', prompt: 4727, completion: 3391, text: '# Concurrent Worker Pool in Go —' },
  [`${V}anthropic-advisor-stop-reasons.chunks.txt`]: { finish: 'end_turn', prompt: 10, completion: 20 },
  [`${V}anthropic-clear-thinking.1.chunks.txt`]: { finish: 'end_turn', prompt: 69, completion: 53, text: '925 ÷ 5 = 185', reasoning: 'The previous result was ' },
  [`${V}anthropic-clear-tool-uses.1.chunks.txt`]: { finish: 'end_turn', prompt: 859, completion: 122, text: "\n\nHere's a comparison of the wea" },
  [`${V}anthropic-code-execution-20250825.1.chunks.txt`]: { finish: 'end_turn', prompt: 8050, completion: 771, text: "I'll create a Python script to c" },
  [`${V}anthropic-code-execution-20250825.2.chunks.txt`]: { finish: 'end_turn', prompt: 15696, completion: 2479, text: "I'll help you create a Python sc" },
  [`${V}anthropic-code-execution-20250825.pptx-skill.chunks.txt`]: { finish: 'end_turn', prompt: 320032, completion: 5558, text: 'I need to create a PowerPoint pr' },
  [`${V}anthropic-code-execution-20260120-prompt-cache.1.chunks.txt`]: { finish: 'end_turn', prompt: 9632, completion: 198, text: 'The sum of the squares of the nu' },
  [`${V}anthropic-code-execution-file-upload.1.chunks.txt`]: { finish: 'end_turn', prompt: 11505, completion: 1103, text: "I'll analyze the CSV data for yo" },
  [`${V}anthropic-combined-context-editing.1.chunks.txt`]: { finish: 'end_turn', prompt: 50, completion: 485, text: '# 25 × 37', reasoning: 'I need to calculate 25 *' },
  [`${V}anthropic-compaction.1.chunks.txt`]: { finish: 'end_turn', prompt: 612, completion: 2819, text: 'Based on the conversation histor' },
  [`${V}anthropic-fallback.chunks.txt`]: { finish: 'end_turn', prompt: 412, completion: 264, text: 'The printing press was invented ' },
  [`${V}anthropic-json-other-tool.1.chunks.txt`]: { finish: 'tool_use', prompt: 843, completion: 28, tools: ['weather'] },
  [`${V}anthropic-json-output-format.1.chunks.txt`]: { finish: 'end_turn', prompt: 313, completion: 305, text: '{"characters":[{"name":"Theron I' },
  [`${V}anthropic-json-tool.1.chunks.txt`]: { finish: 'tool_use', prompt: 849, completion: 47, tools: ['json'] },
  [`${V}anthropic-json-tool.2.chunks.txt`]: { finish: 'tool_use', prompt: 849, completion: 47, tools: ['json'], text: "I'll invoke the JSON response to" },
  [`${V}anthropic-mcp.1.chunks.txt`]: { finish: 'end_turn', prompt: 1250, completion: 83, text: 'The echo tool responded back wit' },
  [`${V}anthropic-message-delta-input-tokens.chunks.txt`]: { finish: 'end_turn', prompt: 61, completion: 2, text: 'pong' },
  [`${V}anthropic-programmatic-tool-calling.1.chunks.txt`]: { finish: 'end_turn', prompt: 4551, completion: 197, text: '## Game Results\n\n**Player 2 wins', segments: 15 },
  [`${V}anthropic-refusal.chunks.txt`]: { finish: 'refusal', prompt: 18, completion: 5, refusal: 'This request triggered restrictions' },
  [`${V}anthropic-text.chunks.txt`]: { finish: 'end_turn', prompt: 12, completion: 30, text: "Hello! I'm doing well, thank you" },
  [`${V}anthropic-tool-no-args.chunks.txt`]: { finish: 'tool_use', prompt: 565, completion: 48, tools: ['updateIssueList'], text: "I'll update the issue list for y" },
  [`${V}anthropic-tool-search-bm25.1.chunks.txt`]: { finish: 'end_turn', prompt: 1040, completion: 41, text: 'The current weather in San Franc', segments: 2 },
  [`${V}anthropic-tool-search-deferred-bm25.chunks.txt`]: { finish: 'end_turn', prompt: 1639, completion: 95, text: "Great! I've successfully complet", segments: 3 },
  [`${V}anthropic-tool-search-deferred-regex.chunks.txt`]: { finish: 'end_turn', prompt: 1758, completion: 118, text: "Great! I've successfully complet", segments: 3 },
  [`${V}anthropic-tool-search-regex.1.chunks.txt`]: { finish: 'end_turn', prompt: 1071, completion: 67, text: "Here's the current weather data ", segments: 2 },
  [`${V}anthropic-web-fetch-tool-20260209.1.chunks.txt`]: { finish: 'end_turn', prompt: 7172, completion: 144, text: 'The page at **example.com** is a' },
  [`${V}anthropic-web-fetch-tool.1.chunks.txt`]: { finish: 'end_turn', prompt: 4230, completion: 446, text: "I'll fetch the content from that" },
  [`${V}anthropic-web-search-tool.1.chunks.txt`]: { finish: 'end_turn', prompt: 15665, completion: 795, text: 'Based on my search results, here', annotations: 14 },
  // HAND-MADE regression streams (vercel/ai issue 18331).
  [`${V}duplicate-message-start.chunks.txt`]: { finish: 'end_turn', prompt: 17, completion: 227, text: 'Hello, World!' },
  [`${V}spliced-message-start.chunks.txt`]: { finish: null, prompt: 17, completion: 1, tools: ['test-tool'], reasoning: 'I will call the tool.', error: 'upstream_bad_response' },
  [`${SDK}basic_response.txt`]: { finish: 'end_turn', prompt: 11, completion: 6, text: 'Hello there!' },
  [`${SDK}incomplete_partial_json_response.txt`]: { finish: 'max_tokens', prompt: 450, completion: 124, tools: ['make_file'], text: "I'll create a comprehensive tax " },
  [`${SDK}tool_use_response.txt`]: { finish: 'tool_use', prompt: 377, completion: 65, tools: ['get_weather'], text: "I'll check the current weather i" },
  [`${SDK}fable-fallback/stream-a-refusal.sse`]: { finish: 'refusal', prompt: 28, completion: 106, text: 'Hi', reasoning: 'Simple educational quest' },
  [`${SDK}fable-fallback/stream-a-toolrefusal.sse`]: { finish: 'refusal', prompt: 28, completion: 106, text: "Here's a summary of this year's " },
  [`${SDK}fable-fallback/stream-b-fallback.sse`]: { finish: 'end_turn', prompt: 31, completion: 547, text: ' there! Happy to explain.' },
};

/** Nock recording (request + response bodies): replayed in convert-to-anthropic-request.test.ts. */
const NOCK_FIXTURES = [`${SDK}ToolRunner.json`];

const SKIPPED: Readonly<Record<string, string>> = {
  [`${V}anthropic-skills/anthropic-skill-create.json`]: 'Skills API (skill upload), not chat',
  [`${V}anthropic-skills/anthropic-skill-version-create.json`]: 'Skills API (skill version upload), not chat',
};

interface Folded {
  text: string;
  reasoning: string;
  refusal: string;
  tools: { id: string | undefined; name: string | undefined; args: string }[];
  annotations: number;
  usage: UsagePatch;
  finish: { reason: string; native: string | undefined } | undefined;
  errors: string[];
  starts: number;
}

function fold(events: readonly CanonicalEvent[]): Folded {
  const folded: Folded = { text: '', reasoning: '', refusal: '', tools: [], annotations: 0, usage: {}, finish: undefined, errors: [], starts: 0 };
  for (const event of events) {
    if (event.type === 'text-delta') folded.text += event.delta;
    else if (event.type === 'reasoning-delta') folded.reasoning += event.delta;
    else if (event.type === 'refusal-delta') folded.refusal += event.delta;
    else if (event.type === 'annotation') folded.annotations++;
    else if (event.type === 'usage') mergeUsage(folded.usage, event.usage);
    else if (event.type === 'finish') folded.finish = { reason: event.reason, native: event.native };
    else if (event.type === 'error') folded.errors.push(event.error.code);
    else if (event.type === 'response-start') folded.starts++;
    else if (event.type === 'tool-call-delta') {
      expect(event.index).toBeLessThanOrEqual(folded.tools.length);
      const call = (folded.tools[event.index] ??= { id: event.id, name: event.name, args: '' });
      call.args += event.argumentsDelta;
    }
  }
  return folded;
}

function streamFrames(file: string, withEventLines = false): StreamFrame[] {
  if (!file.endsWith('.chunks.txt')) return sseToFrames(readFixture(file));
  const eventName = (payload: unknown) => (isRecord(payload) && typeof payload['type'] === 'string' ? payload['type'] : undefined);
  return sseToFrames(chunksToSse(file, withEventLines ? eventName : undefined));
}

/** One decoder per recorded response: a file holding several responses is split after each finish. */
function replayStream(frames: readonly StreamFrame[]): CanonicalEvent[][] {
  const segments: CanonicalEvent[][] = [];
  let decoder = anthropicAdapter.createStreamDecoder('Anthropic');
  let current: CanonicalEvent[] = [];
  let pushed = 0;
  for (const frame of frames) {
    const events = decoder.push(frame);
    pushed++;
    current.push(...events);
    if (events.some((event) => event.type === 'finish')) {
      current.push(...decoder.end());
      segments.push(current);
      [decoder, current, pushed] = [anthropicAdapter.createStreamDecoder('Anthropic'), [], 0];
    }
  }
  if (pushed > 0) segments.push([...current, ...decoder.end()]);
  return segments;
}

function serializable(events: readonly CanonicalEvent[]): unknown[] {
  return events.map((event) =>
    event.type === 'error' ? { type: 'error', error: { code: event.error.code, message: event.error.message } } : event,
  );
}

function parsesToObject(text: string): boolean {
  const parsed = safeParseJson(text);
  return parsed.ok && isRecord(parsed.value);
}

function snapshotPath(file: string): string {
  return `./__snapshots__/fixtures/${file.replace(/^anthropic\//, '')}.events.json`;
}

function expectFacts(folded: Folded, facts: Facts): void {
  expect(folded.finish?.native ?? null).toBe(facts.finish);
  expect(folded.usage.promptTokens).toBe(facts.prompt);
  expect(folded.usage.completionTokens).toBe(facts.completion);
  expect(folded.tools.map((call) => call.name)).toEqual(facts.tools ?? []);
  if (facts.text === undefined) expect(folded.text).toBe('');
  else expect(folded.text.startsWith(facts.text)).toBe(true);
  if (facts.reasoning === undefined) expect(folded.reasoning).toBe('');
  else expect(folded.reasoning.startsWith(facts.reasoning)).toBe(true);
  expect(folded.annotations).toBe(facts.annotations ?? 0);
  if (facts.refusal === undefined) expect(folded.refusal).toBe('');
  else expect(folded.refusal.startsWith(facts.refusal)).toBe(true);
  expect(folded.errors).toEqual(facts.error === undefined ? [] : [facts.error]);
  expect(folded.starts).toBe(1);
  for (const call of folded.tools) expect(call.id).toMatch(/^toolu_/);
}

describe('anthropic fixture coverage', () => {
  it('covers or skips (with a reason) exactly the INDEX.md rows of ## anthropic', () => {
    const covered = [...Object.keys(JSON_FIXTURES), ...Object.keys(STREAM_FIXTURES), ...NOCK_FIXTURES];
    const skipped = Object.keys(SKIPPED);
    expect(fixtureCoverage(['anthropic'], covered, skipped)).toEqual(COMPLETE_COVERAGE);
    for (const file of skipped) expect(indexRows('anthropic').find((row) => row.file === file)?.api).toContain('Skills API');
  });
});

describe('anthropic non-streaming fixtures', () => {
  it.each(Object.entries(JSON_FIXTURES))('%s', async (file, facts) => {
    const events = anthropicAdapter.parseResponse(readJsonFixture(file), 'Anthropic');
    expect(events[0]?.type).toBe('response-start');
    expect(events.at(-1)?.type).toBe('finish');
    const folded = fold(events);
    expectFacts(folded, facts);
    for (const call of folded.tools) expect(parsesToObject(call.args)).toBe(true);
    await expect(JSON.stringify(serializable(events), null, 2)).toMatchFileSnapshot(snapshotPath(file));
  });
});

describe('anthropic streaming fixtures', () => {
  it.each(Object.entries(STREAM_FIXTURES))('%s', async (file, facts) => {
    const segments = replayStream(streamFrames(file));
    expect(segments).toHaveLength(facts.segments ?? 1);
    const last = segments.at(-1) ?? [];
    expectFacts(fold(last), facts);
    for (const segment of segments) {
      expect(segment[0]?.type).toBe('response-start');
      expect(segment.filter((event) => event.type === 'finish' || event.type === 'error')).toHaveLength(1);
    }
    await expect(JSON.stringify(segments.map(serializable), null, 2)).toMatchFileSnapshot(snapshotPath(file));
  });

  it.each(Object.keys(STREAM_FIXTURES).filter((file) => file.endsWith('.chunks.txt')))(
    '%s decodes the same with SSE event: lines',
    (file) => {
      expect(replayStream(streamFrames(file, true))).toEqual(replayStream(streamFrames(file)));
    },
  );
});
