import { COMPLETE_COVERAGE, fixtureCoverage, indexRows, readFixture, readJsonFixture } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { frameDecoderFor } from '../../routing/stream-events.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { chunked, chunksToEventStream, concat, encodeEvent, encodeException } from './__fixtures__/event-stream-encoder.js';
import { BedrockStreamDecoder } from './bedrock-stream-decoder.js';
import { parseBedrockResponse } from './parse-bedrock-response.js';

const DIR = 'amazon-bedrock/vercel-ai';
const PROVIDER = 'Amazon Bedrock';
/** vercel/ai recorded its JSON-mode fixtures with an answer tool named "json". */
const VERCEL_JSON_TOOL = 'json';

const CHUNK_FIXTURES = [
  'amazon-bedrock-json-only-text-first.1.chunks.txt',
  'amazon-bedrock-json-other-tool.1.chunks.txt',
  'amazon-bedrock-json-tool-text-then-weather-then-json.1.chunks.txt',
  'amazon-bedrock-json-tool.1.chunks.txt',
  'amazon-bedrock-json-tool.2.chunks.txt',
  'amazon-bedrock-json-tool.3.chunks.txt',
  'amazon-bedrock-json-with-tool.1.chunks.txt',
  'amazon-bedrock-json-with-tools.1.chunks.txt',
  'amazon-bedrock-reasoning.chunks.txt',
  'amazon-bedrock-text.chunks.txt',
  'amazon-bedrock-tool-call.1.chunks.txt',
  'amazon-bedrock-tool-no-args.chunks.txt',
].map((file) => `${DIR}/${file}`);

const UNARY_FIXTURES = [
  'amazon-bedrock-json-other-tool.1.json',
  'amazon-bedrock-json-tool-with-answer.1.json',
  'amazon-bedrock-json-tool.1.json',
  'amazon-bedrock-json-tool.2.json',
  'amazon-bedrock-json-tool.3.json',
  'amazon-bedrock-json-with-tool.1.json',
  'amazon-bedrock-json-with-tools.1.json',
  'amazon-bedrock-reasoning.json',
  'amazon-bedrock-text.json',
  'amazon-bedrock-tool-call.1.json',
  'amazon-bedrock-tool-no-args.json',
].map((file) => `${DIR}/${file}`);

const SKIPPED: Record<string, string> = {
  [`${DIR}/amazon-bedrock-reranking/amazon-bedrock-reranking.1.json`]: 'Bedrock Rerank API, not Converse: the gateway serves chat only',
};

/** Fixture bytes → real event-stream framing (odd chunk sizes) → the Bedrock stream decoder. */
function replayStream(relative: string, jsonToolName?: string): CanonicalEvent[] {
  const frames = frameDecoderFor('aws-eventstream', PROVIDER);
  const decoder = new BedrockStreamDecoder(PROVIDER, jsonToolName === undefined ? {} : { jsonToolName });
  const events: CanonicalEvent[] = [];
  for (const chunk of chunked(chunksToEventStream(readFixture(relative)))) {
    for (const frame of frames.push(chunk)) events.push(...decoder.push(frame));
  }
  for (const frame of frames.end()) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}

function fixtureLines(relative: string): Record<string, Record<string, unknown>>[] {
  return readFixture(relative)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
}

const text = (events: readonly CanonicalEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
const finish = (events: readonly CanonicalEvent[]) => events.find((e) => e.type === 'finish');
const toolNames = (events: readonly CanonicalEvent[]) => events.flatMap((e) => (e.type === 'tool-call-delta' && e.name !== undefined ? [e.name] : []));

describe('Bedrock ConverseStream fixtures through the binary event-stream framing', () => {
  it.each(CHUNK_FIXTURES)('%s', (relative) => {
    const events = replayStream(relative);
    expect(events).toMatchSnapshot();
    const lines = fixtureLines(relative);
    const deltas = lines.flatMap((line) => [line['contentBlockDelta']?.['delta']]) as (Record<string, unknown> | undefined)[];
    expect(text(events)).toBe(deltas.map((delta) => (typeof delta?.['text'] === 'string' ? delta['text'] : '')).join(''));
    const starts = lines.flatMap((line) => {
      const toolUse = (line['contentBlockStart']?.['start'] as { toolUse?: { name: string } } | undefined)?.toolUse;
      return toolUse === undefined ? [] : [toolUse.name];
    });
    expect(toolNames(events)).toEqual(starts);
    const stop = lines.find((line) => line['messageStop'] !== undefined)?.['messageStop']?.['stopReason'];
    expect(finish(events)).toMatchObject({ type: 'finish', native: stop });
    expect(events[0]).toEqual({ type: 'response-start' });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('text: usage from metadata, finish stop', () => {
    const events = replayStream(`${DIR}/amazon-bedrock-text.chunks.txt`);
    expect(text(events)).toContain('There are **3');
    expect(events).toContainEqual({ type: 'usage', usage: { promptTokens: 22, completionTokens: 55 } });
    expect(finish(events)).toEqual({ type: 'finish', reason: 'stop', native: 'end_turn' });
  });

  it('reasoning: reasoning text and its signature as anthropic-claude-v1 details', () => {
    const events = replayStream(`${DIR}/amazon-bedrock-reasoning.chunks.txt`);
    const reasoning = events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.delta] : [])).join('');
    expect(reasoning).toMatch(/^Let me count the r's/);
    const signature = events.find((e) => e.type === 'reasoning-detail');
    expect(signature).toMatchObject({ detail: { type: 'reasoning.text', format: 'anthropic-claude-v1', index: 0 } });
    expect(signature?.type === 'reasoning-detail' && signature.detail.signature).toMatch(/^Ep0CCkgICxAB/);
  });

  it('tool call: arguments streamed, finish tool_calls', () => {
    const events = replayStream(`${DIR}/amazon-bedrock-tool-call.1.chunks.txt`);
    const args = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.argumentsDelta] : [])).join('');
    expect(JSON.parse(args)).toEqual({ value: 'Sparkle Day' });
    expect(events).toContainEqual({ type: 'tool-call-delta', index: 0, id: 'tool-use-id', name: 'test-tool', argumentsDelta: '' });
    expect(finish(events)).toEqual({ type: 'finish', reason: 'tool_calls', native: 'tool_use' });
  });

  it('a tool without arguments gets "{}"', () => {
    const events = replayStream(`${DIR}/amazon-bedrock-tool-no-args.chunks.txt`);
    expect(events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.argumentsDelta] : [])).join('')).toBe('{}');
  });

  it('JSON mode: the answer tool becomes text and the finish reason stop', () => {
    const events = replayStream(`${DIR}/amazon-bedrock-json-tool.2.chunks.txt`, VERCEL_JSON_TOOL);
    expect(text(events)).toBe('Let me generate that JSON for you.{"value":"test"}');
    expect(toolNames(events)).toEqual([]);
    expect(finish(events)).toEqual({ type: 'finish', reason: 'stop', native: 'tool_use' });
  });

  it('JSON mode with a real tool call first: the call stays a tool call', () => {
    const events = replayStream(`${DIR}/amazon-bedrock-json-other-tool.1.chunks.txt`, VERCEL_JSON_TOOL);
    expect(toolNames(events).length).toBeGreaterThan(0);
    expect(finish(events)).toMatchObject({ reason: 'tool_calls' });
  });

  it('a mid-stream exception frame becomes an error event (throttling → upstream_rate_limited)', () => {
    const bytes = concat([
      encodeEvent('messageStart', { role: 'assistant' }),
      encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }),
      encodeException('throttlingException', 'Too many tokens, please wait before trying again.'),
    ]);
    const frames = frameDecoderFor('aws-eventstream', PROVIDER);
    const decoder = new BedrockStreamDecoder(PROVIDER);
    const events = [...chunked(bytes).flatMap((chunk) => frames.push(chunk).flatMap((frame) => [...decoder.push(frame)])), ...decoder.end()];
    expect(events.map((e) => e.type)).toEqual(['response-start', 'text-delta', 'error']);
    const error = events.at(-1);
    expect(error?.type === 'error' && error.error.code).toBe('upstream_rate_limited');
    expect(error?.type === 'error' && error.error.message).toBe('Amazon Bedrock: Too many tokens, please wait before trying again.');
  });

  it('a mid-stream validationException about length is context_length_exceeded', () => {
    const decoder = new BedrockStreamDecoder(PROVIDER);
    const frames = frameDecoderFor('aws-eventstream', PROVIDER).push(encodeException('validationException', 'Input is too long for requested model.'));
    const events = frames.flatMap((frame) => [...decoder.push(frame)]);
    expect(events[0]?.type === 'error' && events[0].error.code).toBe('context_length_exceeded');
  });

  it('a recorded stream with one corrupted byte is rejected by the CRC check', () => {
    const bytes = chunksToEventStream(readFixture(`${DIR}/amazon-bedrock-text.chunks.txt`));
    bytes[200] = (bytes[200] ?? 0) ^ 0x01;
    const frames = frameDecoderFor('aws-eventstream', PROVIDER);
    let caught: unknown;
    try {
      for (const chunk of chunked(bytes)) frames.push(chunk);
    } catch (error) {
      caught = error;
    }
    expect(GatewayError.is(caught) && caught.code).toBe('upstream_bad_response');
    expect((caught as Error).message).toMatch(/CRC mismatch/);
  });

  it('a stream cut before messageStop ends with an error event', () => {
    const decoder = new BedrockStreamDecoder(PROVIDER);
    const frames = frameDecoderFor('aws-eventstream', PROVIDER).push(encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }));
    const events = [...frames.flatMap((frame) => [...decoder.push(frame)]), ...decoder.end()];
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_bad_response', options: { provider: PROVIDER } } });
  });
});

describe('Bedrock Converse (non-streaming) fixtures', () => {
  it.each(UNARY_FIXTURES)('%s', (relative) => {
    const body = readJsonFixture(relative) as { output: { message: { content: Record<string, unknown>[] } }; stopReason: string };
    const events = parseBedrockResponse(body, PROVIDER);
    expect(events).toMatchSnapshot();
    const texts = body.output.message.content.flatMap((block) => (typeof block['text'] === 'string' ? [block['text']] : []));
    expect(text(events)).toBe(texts.join(''));
    const tools = body.output.message.content.flatMap((block) => (block['toolUse'] === undefined ? [] : [(block['toolUse'] as { name: string }).name]));
    expect(toolNames(events)).toEqual(tools);
    expect(finish(events)).toMatchObject({ native: body.stopReason });
  });

  it('text: prompt tokens include cache reads and writes (zero here)', () => {
    const events = parseBedrockResponse(readJsonFixture(`${DIR}/amazon-bedrock-text.json`), PROVIDER);
    expect(events).toContainEqual({ type: 'usage', usage: { promptTokens: 22, completionTokens: 57, cachedTokens: 0, cacheWriteTokens: 0 } });
  });

  it('cache reads and writes are added to prompt tokens', () => {
    const body = { output: { message: { role: 'assistant', content: [{ text: 'ok' }] } }, stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 2, cacheReadInputTokens: 100, cacheWriteInputTokens: 50 } };
    expect(parseBedrockResponse(body, PROVIDER)).toContainEqual({ type: 'usage', usage: { promptTokens: 160, completionTokens: 2, cachedTokens: 100, cacheWriteTokens: 50 } });
  });

  it('JSON mode: the answer tool input becomes the text', () => {
    const events = parseBedrockResponse(readJsonFixture(`${DIR}/amazon-bedrock-json-tool.1.json`), PROVIDER, VERCEL_JSON_TOOL);
    expect(JSON.parse(text(events))).toEqual(expect.any(Object));
    expect(finish(events)).toMatchObject({ reason: 'stop', native: 'tool_use' });
  });

  it('reasoning with signature round-trips as details', () => {
    const events = parseBedrockResponse(readJsonFixture(`${DIR}/amazon-bedrock-reasoning.json`), PROVIDER);
    expect(events.filter((e) => e.type === 'reasoning-delta' || e.type === 'reasoning-detail')).toHaveLength(2);
  });

  it('a body without output.message is upstream_bad_response', () => {
    expect(() => parseBedrockResponse({ foo: 1 }, PROVIDER)).toThrow(/without output.message/);
  });
});

describe('Bedrock fixture coverage', () => {
  it('replays or skips, with a reason, exactly the INDEX.md rows of amazon-bedrock', () => {
    expect(fixtureCoverage(['amazon-bedrock'], [...CHUNK_FIXTURES, ...UNARY_FIXTURES], Object.keys(SKIPPED))).toEqual(COMPLETE_COVERAGE);
    expect(indexRows('amazon-bedrock')).toHaveLength(24);
  });
});
