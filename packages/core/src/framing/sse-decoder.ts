import type { StreamFrame } from '../providers/provider-adapter.js';

const KNOWN_FIELDS = new Set(['data', 'event', 'id', 'retry']);

/**
 * Incremental SSE parser (WHATWG "event stream" interpretation): bytes in any chunking → frames.
 * Comment lines (":") are ignored; `data` lines are joined with "\n". A final event without its
 * blank line is emitted by `end()`.
 *
 * One deliberate extension: lines that are not SSE at all (no known field) are kept and, when the
 * block ends, delivered as one frame of their own. Providers do write bare JSON into a stream —
 * Vertex AI sends a pretty-printed error object after its last `data:` event — and dropping it
 * would turn a failure into a silent, truncated success.
 */
export class SseDecoder {
  private readonly textDecoder = new TextDecoder('utf-8');
  private buffer = '';
  private data: string[] = [];
  private raw: string[] = [];
  private event: string | undefined;
  private nextCr = -1;

  push(chunk: Uint8Array | string): StreamFrame[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.textDecoder.decode(chunk, { stream: true });
    const frames: StreamFrame[] = [];
    let start = 0;
    this.nextCr = this.buffer.indexOf('\r');
    for (;;) {
      const newline = this.findLineEnd(start);
      if (newline === -1) break;
      const line = this.buffer.slice(start, newline);
      start = newline + (this.buffer[newline] === '\r' && this.buffer[newline + 1] === '\n' ? 2 : 1);
      const frame = this.consumeLine(line);
      if (frame !== undefined) frames.push(frame);
    }
    this.buffer = this.buffer.slice(start);
    return frames;
  }

  end(): StreamFrame[] {
    const frames = this.push(this.textDecoder.decode());
    if (this.buffer.length > 0) {
      const frame = this.consumeLine(this.buffer);
      this.buffer = '';
      if (frame !== undefined) frames.push(frame);
    }
    const last = this.dispatch();
    if (last !== undefined) frames.push(last);
    return frames;
  }

  /**
   * The end of the line starting at `from` (LF, CR or CRLF), or -1 when it is not complete yet.
   * indexOf, not a character loop; the next CR is remembered so CR-free streams (almost all) are
   * scanned once per push, not once per line.
   */
  private findLineEnd(from: number): number {
    if (this.nextCr !== -1 && this.nextCr < from) this.nextCr = this.buffer.indexOf('\r', from);
    const lf = this.buffer.indexOf('\n', from);
    const cr = this.nextCr;
    if (cr === -1 || (lf !== -1 && lf < cr)) return lf;
    // A lone CR at the very end may be the first half of CRLF: wait for more input.
    return cr === this.buffer.length - 1 ? -1 : cr;
  }

  private consumeLine(line: string): StreamFrame | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (!KNOWN_FIELDS.has(field)) {
      this.raw.push(line);
      return undefined;
    }
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    return undefined;
  }

  private dispatch(): StreamFrame | undefined {
    if (this.raw.length > 0 && this.data.length === 0) {
      const frame: StreamFrame = { data: this.raw.join('\n') };
      this.raw = [];
      this.event = undefined;
      return frame;
    }
    this.raw = [];
    if (this.data.length === 0) {
      this.event = undefined;
      return undefined;
    }
    const frame: StreamFrame =
      this.event === undefined ? { data: this.data.join('\n') } : { event: this.event, data: this.data.join('\n') };
    this.data = [];
    this.event = undefined;
    return frame;
  }
}
