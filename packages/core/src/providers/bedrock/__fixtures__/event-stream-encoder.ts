import { crc32 } from '../../../framing/aws-event-stream.js';

/** A header to encode: a string (type 7) or raw typed bytes (any other type, value already encoded). */
export type TestHeader = string | { readonly type: number; readonly bytes: Uint8Array };

function encodeHeaders(headers: Readonly<Record<string, TestHeader>>): Uint8Array {
  const parts: number[] = [];
  const enc = new TextEncoder();
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = enc.encode(name);
    parts.push(nameBytes.length, ...nameBytes);
    if (typeof value === 'string') {
      const bytes = enc.encode(value);
      parts.push(7, bytes.length >> 8, bytes.length & 0xff, ...bytes);
    } else {
      parts.push(value.type, ...value.bytes);
    }
  }
  return Uint8Array.from(parts);
}

/** One binary event-stream message with correct prelude and message CRCs (AWS's layout). */
export function encodeMessage(headers: Readonly<Record<string, TestHeader>>, payload: string | Uint8Array): Uint8Array {
  const headerBytes = encodeHeaders(headers);
  const body = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const total = 12 + headerBytes.length + body.length + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(headerBytes, 12);
  out.set(body, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

/** An event message as Bedrock sends it: `:event-type`, `:content-type`, `:message-type` event. */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
}

/** An exception message (e.g. `throttlingException`) with a `{message}` payload. */
export function encodeException(exceptionType: string, message: string): Uint8Array {
  return encodeMessage(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    JSON.stringify({ message }),
  );
}

/**
 * A vercel/ai `*.chunks.txt` body (one `{"<eventType>": payload}` per line: the decoded frames) →
 * the binary stream Bedrock sent.
 */
export function chunksToEventStream(text: string): Uint8Array {
  const messages = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      const [eventType, payload] = Object.entries(record)[0] ?? ['', {}];
      return encodeEvent(eventType, payload);
    });
  return concat(messages);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Splits bytes into chunks of the given sizes, cycling (odd sizes cut through preludes, headers and CRCs). */
export function chunked(bytes: Uint8Array, sizes: readonly number[] = [1, 7, 3, 13, 64, 5]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 16;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
