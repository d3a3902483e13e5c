import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake provider answers to one request. */
export interface Scripted {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A JSON body. */
  readonly json?: unknown;
  /** A raw body (e.g. an SSE body from a fixture), written in `chunkSize` pieces with `chunkDelayMs` between. */
  readonly body?: string;
  /** A raw binary body (e.g. an AWS event stream), written like `body`; wins over `body`. */
  readonly bytes?: Uint8Array;
  readonly chunkSize?: number;
  readonly chunkDelayMs?: number;
  /** Wait this long before sending the status line. */
  readonly delayMs?: number;
  /** Destroy the connection after this many body bytes (a provider failing mid-stream). */
  readonly destroyAfterBytes?: number;
  /** Send headers and then nothing, until the client goes away. */
  readonly hang?: boolean;
  /** Send nothing at all, not even a status line, until the client goes away (a provider that hangs). */
  readonly silent?: boolean;
  /** Reset the connection (TCP RST) instead of answering. */
  readonly resetConnection?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
  /** Whether the gateway closed this request before the fake finished answering. */
  aborted: boolean;
  /** When the request arrived (Date.now()); set by FakeUpstream. */
  readonly at?: number;
}

type Handler = (request: RecordedRequest) => Scripted;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A provider on loopback that replays scripted answers over real HTTP and records what it received. */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Called with every request as it arrives (e.g. to validate what the gateway sent). */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  private readonly queue: Handler[] = [];
  private fallback: Handler = () => ({ status: 500, json: { error: { message: 'fake upstream: nothing scripted' } } });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeUpstream> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeUpstream(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** Answers the next request with `scripted` (FIFO); later requests fall through to `always`. */
  next(scripted: Scripted | Handler): this {
    this.queue.push(typeof scripted === 'function' ? scripted : () => scripted);
    return this;
  }

  always(scripted: Scripted | Handler): this {
    this.fallback = typeof scripted === 'function' ? scripted : () => scripted;
    return this;
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    if (text !== '' && (req.headers['content-type'] ?? '').includes('json')) body = JSON.parse(text) as unknown;
    const record: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, aborted: false, at: arrived };
    this.requests.push(record);
    this.onRequest?.(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const handler = this.queue.shift() ?? this.fallback;
    await this.reply(handler(record), res);
  }

  private async reply(scripted: Scripted, res: ServerResponse): Promise<void> {
    if (scripted.silent === true) return;
    if (scripted.resetConnection === true) {
      res.socket?.resetAndDestroy();
      return;
    }
    if (scripted.delayMs !== undefined) await sleep(scripted.delayMs);
    if (res.destroyed) return;
    const isJson = scripted.json !== undefined;
    const body = isJson ? JSON.stringify(scripted.json) : (scripted.body ?? '');
    const headers = {
      'content-type': isJson ? 'application/json' : 'text/event-stream',
      ...scripted.headers,
    };
    res.writeHead(scripted.status ?? 200, headers);
    if (scripted.hang === true) {
      res.flushHeaders();
      return;
    }
    await this.writeBody(res, scripted.bytes === undefined ? Buffer.from(body, 'utf8') : Buffer.from(scripted.bytes), scripted);
  }

  private async writeBody(res: ServerResponse, bytes: Buffer, scripted: Scripted): Promise<void> {
    const size = scripted.chunkSize ?? bytes.length;
    const limit = scripted.destroyAfterBytes ?? Number.POSITIVE_INFINITY;
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (res.destroyed) return;
      if (offset >= limit) {
        res.destroy();
        return;
      }
      res.write(bytes.subarray(offset, Math.min(offset + size, limit)));
      if (offset + size >= limit && limit < bytes.length) {
        await sleep(20);
        res.destroy();
        return;
      }
      if (scripted.chunkDelayMs !== undefined) await sleep(scripted.chunkDelayMs);
    }
    res.end();
  }
}

/** A loopback URL nothing listens on: connecting to it is refused (a provider that is down). */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
