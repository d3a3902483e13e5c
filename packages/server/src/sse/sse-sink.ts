import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/** Buffered events are written at once past this size, without waiting for the turn to end. */
const FLUSH_BYTES = 16 * 1024;

/**
 * SSE on a Node response: `data:` events and comment keep-alives, with back-pressure honoured.
 * After the first event (written at once, for time to first token), events produced in the same
 * event-loop turn — all those decoded from one upstream network chunk — are coalesced into one
 * socket write, flushed by `setImmediate` or at 16 KiB: one write per upstream chunk rather than
 * one per token.
 */
export class SseSink {
  private opened = false;
  private pending = '';
  private scheduled = false;
  private wroteData = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly headers: Record<string, string>,
  ) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /** Sends the 200 and the SSE headers; from here on errors can only travel inside the stream. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...this.headers,
    });
    this.res.flushHeaders();
  }

  /** A comment line (keep-alive): written at once. */
  comment(text: string): void {
    this.open();
    this.pending += `: ${text}\n\n`;
    this.flush();
  }

  async data(payload: unknown): Promise<void> {
    await this.json(JSON.stringify(payload));
  }

  /** An event whose JSON is already serialised. */
  async json(text: string): Promise<void> {
    this.open();
    await this.write(`data: ${text}\n\n`);
  }

  async done(): Promise<void> {
    await this.write('data: [DONE]\n\n');
  }

  end(): void {
    this.flush();
    if (!this.res.writableEnded) this.res.end();
  }

  private async write(text: string): Promise<void> {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (this.res.writableNeedDrain) await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
    this.pending += text;
    // The first event goes out at once (time to first token); later ones are coalesced.
    if (!this.wroteData || this.pending.length >= FLUSH_BYTES) {
      this.wroteData = true;
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  private flush(): void {
    if (this.pending === '' || this.res.destroyed || this.res.writableEnded) {
      this.pending = '';
      return;
    }
    const text = this.pending;
    this.pending = '';
    this.res.write(text);
  }
}
