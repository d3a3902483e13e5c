import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/** SSE on a Node response: `data:` events, comment keep-alives, back-pressure honoured. */
export class SseSink {
  private opened = false;

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

  comment(text: string): void {
    this.open();
    this.res.write(`: ${text}\n\n`);
  }

  async data(payload: unknown): Promise<void> {
    this.open();
    await this.write(`data: ${JSON.stringify(payload)}\n\n`);
  }

  async done(): Promise<void> {
    await this.write('data: [DONE]\n\n');
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }

  private async write(text: string): Promise<void> {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.res.write(text)) await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
  }
}
