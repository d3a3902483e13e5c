import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { decodeEventStream, openList, openStream } from './stream-events.js';

const failure = new GatewayError('upstream_unavailable', 'boom');
const text = (delta: string): CanonicalEvent => ({ type: 'text-delta', delta });
const error: CanonicalEvent = { type: 'error', error: failure };

/** The events in batches of two, as a stream decoder delivers them per network chunk. */
async function* generate(events: readonly CanonicalEvent[]): AsyncGenerator<readonly CanonicalEvent[]> {
  for (let i = 0; i < events.length; i += 2) yield events.slice(i, i + 2);
}

async function collect(events: AsyncIterable<CanonicalEvent>): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('openList (a whole answer) decides as openStream does', () => {
  it.each([
    ['content, then an error', [{ type: 'response-start' }, text('a'), error]],
    ['only a finish', [{ type: 'finish', reason: 'stop', native: 'stop' }]],
    ['nothing', []],
    ['an error before any content', [{ type: 'response-start' }, error, text('a')]],
  ] as [string, CanonicalEvent[]][])('%s', async (_name, events) => {
    const listed = openList(events);
    const streamed = await openStream(generate(events));
    expect(listed.ok).toBe(streamed.ok);
    if (!listed.ok || !streamed.ok) {
      expect(!listed.ok && listed.error).toBe(failure);
      return;
    }
    expect(listed.list).toEqual(events);
    expect(await collect(listed.events)).toEqual(await collect(streamed.events));
  });
});

/** Frames' data as text deltas; "boom" makes the decoder throw; the end adds a finish. */
const echo = {
  createStreamDecoder: () => ({
    push: (frame: { data: string }) => {
      if (frame.data === 'boom') throw failure;
      return [text(frame.data)];
    },
    end: () => [{ type: 'finish', reason: 'stop', native: 'stop' }] as CanonicalEvent[],
  }),
} as unknown as ProviderAdapter;

async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const piece of texts) yield new TextEncoder().encode(piece);
}

describe('decodeEventStream', () => {
  it('delivers the events of each network chunk as one batch, and the end as the last', async () => {
    const batches: (readonly CanonicalEvent[])[] = [];
    for await (const batch of decodeEventStream(echo, chunks('data: a\n\ndata: b\n\n', 'data: c\n\n'), 'Acme')) batches.push(batch);
    expect(batches).toEqual([[text('a'), text('b')], [text('c')], [{ type: 'finish', reason: 'stop', native: 'stop' }]]);
  });

  it('delivers what was decoded before a decoder failure, then throws it', async () => {
    const batches: (readonly CanonicalEvent[])[] = [];
    const reading = (async () => {
      for await (const batch of decodeEventStream(echo, chunks('data: a\n\ndata: boom\n\ndata: c\n\n'), 'Acme')) batches.push(batch);
    })();
    await expect(reading).rejects.toBe(failure);
    expect(batches).toEqual([[text('a')]]);
  });
});
