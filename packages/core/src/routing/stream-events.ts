import { isContentEvent, type CanonicalEvent } from '../canonical/canonical-event.js';
import { GatewayError } from '../errors/gateway-error.js';
import { AwsEventStreamDecoder } from '../framing/aws-event-stream.js';
import { SseDecoder } from '../framing/sse-decoder.js';
import { safeParseJson } from '../json.js';
import type { Framing, ProviderAdapter, StreamFrame } from '../providers/provider-adapter.js';
import type { UpstreamResponse } from '../ports/upstream-http.js';

/** Bytes in any chunking → the frames an adapter's StreamDecoder reads. */
export interface FrameDecoder {
  push(chunk: Uint8Array): readonly StreamFrame[];
  end(): readonly StreamFrame[];
}

/** The frame decoder for a streamed response's framing; `provider` (display name) names it in framing errors. */
export function frameDecoderFor(framing: Exclude<Framing, 'json'>, provider?: string): FrameDecoder {
  switch (framing) {
    case 'sse':
      return new SseDecoder();
    case 'aws-eventstream':
      return new AwsEventStreamDecoder(provider);
  }
}

/**
 * Upstream stream bytes → frames → the adapter's canonical events, as they arrive: one batch per
 * network chunk (all the events decoded from it), so the pipeline above pays one await per chunk
 * rather than per event. `provider` is the display name. A decoder failure still delivers the
 * events decoded before it, then throws.
 */
export async function* decodeEventStream(
  adapter: ProviderAdapter,
  body: AsyncIterable<Uint8Array>,
  provider: string,
  framing: Exclude<Framing, 'json'> = 'sse',
): AsyncGenerator<readonly CanonicalEvent[]> {
  const frames = frameDecoderFor(framing, provider);
  const decoder = adapter.createStreamDecoder(provider);
  for await (const chunk of body) yield* decodeBatch(() => frames.push(chunk), decoder);
  yield* decodeBatch(() => frames.end(), decoder, true);
}

function* decodeBatch(
  framesOf: () => readonly StreamFrame[],
  decoder: ReturnType<ProviderAdapter['createStreamDecoder']>,
  last = false,
): Generator<readonly CanonicalEvent[]> {
  const batch: CanonicalEvent[] = [];
  try {
    for (const frame of framesOf()) for (const event of decoder.push(frame)) batch.push(event);
    if (last) for (const event of decoder.end()) batch.push(event);
  } catch (error) {
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}

/** A non-streaming JSON answer → canonical events. `provider` is the display name. */
export async function decodeJsonBody(adapter: ProviderAdapter, response: UpstreamResponse, provider: string) {
  const text = await response.text();
  const parsed = safeParseJson(text);
  if (!parsed.ok) {
    throw new GatewayError('upstream_bad_response', `${provider} returned a body that is not JSON`, {
      provider,
      upstreamStatus: response.status,
      raw: text.slice(0, 2000),
      cause: parsed.error,
    });
  }
  return adapter.parseResponse(parsed.value, provider);
}

/** Told of every event a committed stream serves, as it is served (set before the stream is read). */
export interface StreamWatch {
  onEvent?: (event: CanonicalEvent) => void;
}

export type Opening =
  | {
      readonly ok: true;
      readonly events: AsyncGenerator<CanonicalEvent>;
      /** The whole answer, when it arrived complete (a JSON body): the same events as `events`. */
      readonly list?: readonly CanonicalEvent[];
      /** Whoever commits the response sets `onEvent` to watch a stream as it is read (no extra generator layer per event). */
      readonly watch: StreamWatch;
    }
  | { readonly ok: false; readonly error: GatewayError };

/**
 * `openStream` for an answer that arrived whole: decided at once, without an await per event. An
 * error before the first content (or finish) fails the attempt; otherwise every event is served.
 */
export function openList(events: readonly CanonicalEvent[]): Opening {
  for (const event of events) {
    if (event.type === 'error') return { ok: false, error: event.error };
    if (isContentEvent(event) || event.type === 'finish') break;
  }
  return { ok: true, events: fromList(events), list: events, watch: {} };
}

/**
 * Reads events until the first content event (the commit point) or the end. An error before any
 * content fails the attempt (routing may fall back); after it, failures become `error` events.
 */
export async function openStream(source: AsyncGenerator<readonly CanonicalEvent[]>): Promise<Opening> {
  const buffered: CanonicalEvent[] = [];
  for (;;) {
    const next = await source.next();
    if (next.done === true) return opened(buffered, source);
    const batch = next.value;
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as CanonicalEvent;
      if (event.type === 'error') {
        await source.return(undefined);
        return { ok: false, error: event.error };
      }
      buffered.push(event);
      if (isContentEvent(event) || event.type === 'finish') {
        // Committed: the rest of this batch is served as it is (an error in it becomes an error event).
        for (let j = i + 1; j < batch.length; j++) buffered.push(batch[j] as CanonicalEvent);
        return opened(buffered, source);
      }
    }
  }
}

function opened(buffered: readonly CanonicalEvent[], source: AsyncGenerator<readonly CanonicalEvent[]>): Opening {
  const watch: StreamWatch = {};
  return { ok: true, events: replay(buffered, source, watch), watch };
}

async function* replay(buffered: readonly CanonicalEvent[], source: AsyncGenerator<readonly CanonicalEvent[]>, watch: StreamWatch) {
  for (const event of buffered) {
    watch.onEvent?.(event);
    yield event;
  }
  try {
    for (;;) {
      const next = await source.next();
      if (next.done === true) return;
      for (const event of next.value) {
        watch.onEvent?.(event);
        yield event;
      }
    }
  } catch (error) {
    // A transport failure after the commit point ends the stream as an error event.
    const failed = { type: 'error', error: GatewayError.from(error) } satisfies CanonicalEvent;
    watch.onEvent?.(failed);
    yield failed;
  } finally {
    await source.return(undefined);
  }
}

/** An already complete list of events (a JSON answer) as the same kind of stream. */
export async function* fromList(events: readonly CanonicalEvent[]): AsyncGenerator<CanonicalEvent> {
  yield* events;
}
