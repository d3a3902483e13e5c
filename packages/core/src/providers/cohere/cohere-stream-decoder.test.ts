import { contractProblems, errorFacts, readFixture, snapshotEvents, sseToFrames, textOf } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import type { StreamFrame } from '../provider-adapter.js';
import { cohereAdapter } from './cohere-adapter.js';

function decode(frames: readonly StreamFrame[]): CanonicalEvent[] {
  const decoder = cohereAdapter.createStreamDecoder('Cohere');
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

/** SSE as Cohere frames it: `event: <type>` then `data: <json>`. */
function sse(payloads: readonly Record<string, unknown>[]): StreamFrame[] {
  return sseToFrames(payloads.map((p) => `event: ${String(p['type'])}\ndata: ${JSON.stringify(p)}\n\n`).join(''));
}

const start = { id: 'msg-1', type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } };
const text = (index: number, t: string) => ({ type: 'content-delta', index, delta: { message: { content: { text: t } } } });
const end = (finish: string, extra: Record<string, unknown> = {}) => ({
  type: 'message-end',
  delta: { finish_reason: finish, usage: { billed_units: { input_tokens: 3, output_tokens: 2 }, tokens: { input_tokens: 9, output_tokens: 4 } }, ...extra },
});

/** The recorded text stream with its message-end line removed: a connection that died mid-answer. */
function truncatedTextStream(): StreamFrame[] {
  const lines = readFixture('cohere/vercel-ai/cohere-text.chunks.txt').split('\n').filter((l) => l.trim() !== '' && !l.includes('message-end'));
  return sseToFrames(lines.map((line) => `data: ${line}\n\n`).join(''));
}

describe('Cohere stream decoder', () => {
  it('citation-start with URL sources → url_citation annotations (deduplicated); without URLs → nothing', () => {
    const citation = (start: number, url?: string) => ({
      type: 'citation-start',
      index: start,
      delta: {
        message: {
          citations: {
            start,
            end: start + 5,
            text: 'Paris',
            sources: [{ type: 'document', id: 'doc:0', document: { id: 'doc:0', text: 'Paris is…', title: 'Capitals', ...(url === undefined ? {} : { url }) } }],
            type: 'TEXT_CONTENT',
          },
        },
      },
    });
    const events = decode(
      sse([start, text(0, 'It is Paris.'), citation(6, 'https://example.com/capitals'), { type: 'citation-end', index: 6 }, citation(6, 'https://example.com/capitals'), citation(0), end('COMPLETE')]),
    );
    expect(events.filter((e) => e.type === 'annotation')).toEqual([
      { type: 'annotation', annotation: { type: 'url_citation', url_citation: { url: 'https://example.com/capitals', title: 'Capitals', content: 'Paris', start_index: 6, end_index: 11 } } },
    ]);
    expect(contractProblems(events)).toEqual([]);
  });

  it('tool sources with a url in tool_output are cited too', () => {
    const citation = {
      type: 'citation-start',
      index: 0,
      delta: { message: { citations: { start: 0, end: 5, text: 'Paris', sources: [{ type: 'tool', id: 'web_0', tool_output: { url: 'https://example.org/paris', title: 'Paris' } }] } } },
    };
    const events = decode(sse([start, text(0, 'Paris.'), citation, end('COMPLETE')]));
    expect(events.filter((e) => e.type === 'annotation').map((e) => (e.type === 'annotation' ? e.annotation.url_citation.url : ''))).toEqual(['https://example.org/paris']);
  });

  it('message-end with ERROR and a message is an error event after the usage', () => {
    const events = decode(sse([start, text(0, 'Par'), end('ERROR', { error: 'internal failure during generation' })]));
    expect(snapshotEvents(events)).toMatchSnapshot();
    const last = events.at(-1);
    expect(last?.type === 'error' ? [last.error.code, last.error.message, last.error.retryable] : last).toEqual([
      'upstream_unavailable',
      'Cohere: internal failure during generation',
      true,
    ]);
    expect(events.some((e) => e.type === 'usage')).toBe(true);
  });

  it('ERROR and TIMEOUT without a message finish with `error`; STOP_SEQUENCE is `stop`', () => {
    const finishOf = (reason: string) => decode(sse([start, text(0, 'x'), end(reason)])).at(-1);
    expect(finishOf('ERROR')).toEqual({ type: 'finish', reason: 'error', native: 'ERROR' });
    expect(finishOf('TIMEOUT')).toEqual({ type: 'finish', reason: 'error', native: 'TIMEOUT' });
    expect(finishOf('STOP_SEQUENCE')).toEqual({ type: 'finish', reason: 'stop', native: 'STOP_SEQUENCE' });
  });

  it('a stream that ends without message-end ends in an error event (the text already sent stays)', () => {
    const events = decode(truncatedTextStream());
    expect(textOf(events)).toBe('The capital of France is Paris.');
    const last = events.at(-1);
    expect(last?.type === 'error' ? errorFacts(last.error) : last).toMatchObject({ code: 'upstream_unavailable', message: 'Cohere: stream ended before message-end', provider: 'Cohere' });
    expect(contractProblems(events)).toEqual([]);
  });

  it('a frame that is not JSON is an error; later frames are ignored; [DONE] and unknown events are ignored', () => {
    const events = decode([...sse([start]), { data: '[DONE]' }, { event: 'debug', data: '{"type":"debug"}' }, { data: 'not json' }, ...sse([end('COMPLETE')])]);
    expect(events.map((e) => e.type)).toEqual(['response-start', 'error']);
    const last = events.at(-1);
    expect(last?.type === 'error' ? last.error.code : undefined).toBe('upstream_bad_response');
  });

  it('a bare {message} object in the stream is an error event', () => {
    const events = decode([...sse([start]), { data: '{"message":"stream error: upstream reset"}' }]);
    const last = events.at(-1);
    expect(last?.type === 'error' ? last.error.message : undefined).toBe('Cohere: stream error: upstream reset');
  });

  it('reads the event type from the SSE event name when the payload has none', () => {
    const events = decode([{ event: 'message-start', data: '{"id":"m"}' }, { event: 'message-end', data: '{"delta":{"finish_reason":"COMPLETE"}}' }]);
    expect(events).toEqual([
      { type: 'response-start', upstreamId: 'm' },
      { type: 'finish', reason: 'stop', native: 'COMPLETE' },
    ]);
  });
});
