import { errorObjectOf, StreamError, SwitchyardError } from './errors.js';
import { readServerSentEvents } from './sse.js';

/**
 * A streamed answer: an `AsyncIterable` of parsed chunks (openai-node's `Stream<T>`). Iterate it
 * once; `tee()` splits it into two independent iterables; `controller.abort()` (or leaving a
 * `for await` loop early) cancels the HTTP request. An `error` object in a chunk (a failure after
 * the stream started) throws a {@link StreamError}; `data: [DONE]` ends it.
 */
export class Stream<Item> implements AsyncIterable<Item> {
  readonly controller: AbortController;
  private readonly iterate: () => AsyncIterator<Item>;
  private consumed = false;

  constructor(iterate: () => AsyncIterator<Item>, controller: AbortController) {
    this.iterate = iterate;
    this.controller = controller;
  }

  /** Parses an SSE `Response` (`text/event-stream`) into chunks. */
  static fromSSEResponse<Item>(response: Response, controller: AbortController, onDone: () => void = () => undefined): Stream<Item> {
    return new Stream<Item>(() => iterateSse<Item>(response, controller, onDone), controller);
  }

  /** The inverse of {@link toReadableStream}: newline-delimited JSON bytes back into a stream. */
  static fromReadableStream<Item>(readable: ReadableStream<Uint8Array>, controller: AbortController = new AbortController()): Stream<Item> {
    return new Stream<Item>(() => iterateNdjson<Item>(readable), controller);
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    if (this.consumed) throw new SwitchyardError('Cannot iterate over a consumed stream, use `.tee()` to split the stream.');
    this.consumed = true;
    return this.iterate();
  }

  /** Two streams that each yield every chunk; the source is read once, as fast as the faster reader. */
  tee(): [Stream<Item>, Stream<Item>] {
    const queues: [Promise<IteratorResult<Item>>[], Promise<IteratorResult<Item>>[]] = [[], []];
    let source: AsyncIterator<Item> | undefined;
    const reader = (mine: Promise<IteratorResult<Item>>[]): AsyncIterator<Item> => ({
      next: () => {
        if (mine.length === 0) {
          source ??= this[Symbol.asyncIterator]();
          const result = source.next();
          queues[0].push(result);
          queues[1].push(result);
        }
        return mine.shift() as Promise<IteratorResult<Item>>;
      },
    });
    return [new Stream(() => reader(queues[0]), this.controller), new Stream(() => reader(queues[1]), this.controller)];
  }

  /** The chunks as newline-delimited JSON bytes (e.g. to hand to a browser); see {@link fromReadableStream}. */
  toReadableStream(): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    let iterator: AsyncIterator<Item> | undefined;
    return new ReadableStream<Uint8Array>({
      start: () => {
        iterator = this[Symbol.asyncIterator]();
      },
      pull: async (controller) => {
        try {
          const result = await (iterator as AsyncIterator<Item>).next();
          if (result.done === true) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(result.value)}\n`));
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: async () => {
        await iterator?.return?.();
      },
    });
  }
}

async function* bytesOf(readable: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}

async function* iterateSse<Item>(response: Response, controller: AbortController, onDone: () => void): AsyncGenerator<Item> {
  if (response.body === null) {
    controller.abort();
    onDone();
    throw new SwitchyardError('Attempted to iterate over a response with no body');
  }
  let done = false;
  try {
    for await (const event of readServerSentEvents(bytesOf(response.body))) {
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      const chunk = parseChunk(event.data);
      const error = errorObjectOf(chunk);
      if (error !== undefined) throw new StreamError(error, chunk);
      yield chunk as Item;
    }
    done = true;
  } catch (error) {
    // An abort the caller asked for ends the iteration quietly, as openai-node's does.
    if (isAbort(error) && controller.signal.aborted) return;
    throw error;
  } finally {
    if (!done) controller.abort();
    onDone();
  }
}

function parseChunk(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch (error) {
    throw new SwitchyardError(`Could not parse a stream chunk as JSON: ${data}`, { cause: error });
  }
}

async function* iterateNdjson<Item>(readable: ReadableStream<Uint8Array>): AsyncGenerator<Item> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of bytesOf(readable)) {
    buffer += decoder.decode(bytes, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield parseChunk(line) as Item;
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '') yield parseChunk(buffer) as Item;
}
