import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import { GatewayError } from '../errors/gateway-error.js';
import { openList, openStream } from './stream-events.js';

const failure = new GatewayError('upstream_unavailable', 'boom');
const text = (delta: string): CanonicalEvent => ({ type: 'text-delta', delta });
const error: CanonicalEvent = { type: 'error', error: failure };

async function* generate(events: readonly CanonicalEvent[]): AsyncGenerator<CanonicalEvent> {
  yield* events;
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
