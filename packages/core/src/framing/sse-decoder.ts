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

  push(chunk: Uint8Array | string): StreamFrame[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.textDecoder.decode(chunk, { stream: true });
    const frames: StreamFrame[] = [];
    let start = 0;
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

  private findLineEnd(from: number): number {
    for (let i = from; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c === 10) return i;
      if (c === 13) {
        // A lone CR at the very end may be the first half of CRLF: wait for more input.
        if (i === this.buffer.length - 1) return -1;
        return i;
      }
    }
    return -1;
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
