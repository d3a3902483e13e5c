import { GatewayError } from '../errors/gateway-error.js';
import { safeParseJson, asRecord, asString } from '../json.js';
import type { StreamFrame } from '../providers/provider-adapter.js';

/**
 * AWS `application/vnd.amazon.eventstream` (Bedrock ConverseStream): binary messages
 *   [total length u32][headers length u32][prelude CRC32][headers][payload][message CRC32]
 * all big-endian; the prelude CRC covers the first 8 bytes, the message CRC everything before it.
 * Each header is [name length u8][name][value type u8][value]; value sizes follow the type.
 *
 * Frames out:
 * - `:message-type` event → `{ event: <:event-type>, data: <payload as UTF-8> }`;
 * - `:message-type` exception → `{ event: 'exception', data: {"type": <:exception-type>, "message", "raw"} }`;
 * - `:message-type` error → `{ event: 'exception', data: {"type": <:error-code>, "message": <:error-message>} }`.
 * A bad CRC, an impossible length or a stream that ends mid-message throws upstream_bad_response.
 */
export const EXCEPTION_EVENT = 'exception';

const PRELUDE = 12;
const MIN_MESSAGE = 16;
/** AWS caps a message at 16 MiB; anything larger is a corrupt length. */
const MAX_MESSAGE = 16 * 1024 * 1024;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum the event stream uses. */
function makeCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
const CRC_TABLE = makeCrcTable();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export type EventStreamHeaderValue = string | number | boolean | bigint | Uint8Array;

/** Byte sizes of fixed-size header value types (0 true, 1 false, 2 byte, 3 short, 4 int, 5 long, 8 timestamp, 9 uuid). */
const FIXED_SIZES: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

function badResponse(message: string, provider: string | undefined): GatewayError {
  const who = provider ?? 'The provider';
  return new GatewayError('upstream_bad_response', `${who} sent a malformed event stream: ${message}`, provider === undefined ? {} : { provider });
}

/** The headers block of one message → name → value (strings for types 6/7 as bytes/text, numbers, booleans). */
export function decodeHeaders(bytes: Uint8Array, provider?: string): Map<string, EventStreamHeaderValue> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8');
  const headers = new Map<string, EventStreamHeaderValue>();
  let at = 0;
  const need = (size: number) => {
    if (at + size > bytes.length) throw badResponse('a header runs past the headers block', provider);
  };
  while (at < bytes.length) {
    need(1);
    const nameLength = view.getUint8(at++);
    need(nameLength + 1);
    const name = text.decode(bytes.subarray(at, at + nameLength));
    at += nameLength;
    const type = view.getUint8(at++);
    const fixed = FIXED_SIZES[type];
    if (fixed !== undefined) {
      need(fixed);
      headers.set(name, fixedValue(view, at, type));
      at += fixed;
    } else if (type === 6 || type === 7) {
      need(2);
      const length = view.getUint16(at);
      at += 2;
      need(length);
      const value = bytes.subarray(at, at + length);
      headers.set(name, type === 7 ? text.decode(value) : value.slice());
      at += length;
    } else {
      throw badResponse(`unknown header value type ${type}`, provider);
    }
  }
  return headers;
}

function fixedValue(view: DataView, at: number, type: number): EventStreamHeaderValue {
  switch (type) {
    case 0:
      return true;
    case 1:
      return false;
    case 2:
      return view.getInt8(at);
    case 3:
      return view.getInt16(at);
    case 4:
      return view.getInt32(at);
    case 5:
    case 8:
      return view.getBigInt64(at);
    default:
      return new Uint8Array(view.buffer, view.byteOffset + at, 16).slice();
  }
}

/** Bytes in any chunking → one frame per complete, checksum-verified message. */
export class AwsEventStreamDecoder {
  private buffer = new Uint8Array(0);
  private readonly text = new TextDecoder('utf-8');

  constructor(private readonly provider?: string) {}

  push(chunk: Uint8Array): StreamFrame[] {
    this.append(chunk);
    const frames: StreamFrame[] = [];
    for (;;) {
      if (this.buffer.length < PRELUDE) break;
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
      const total = view.getUint32(0);
      const headersLength = view.getUint32(4);
      if (crc32(this.buffer.subarray(0, 8)) !== view.getUint32(8)) throw badResponse('prelude CRC mismatch', this.provider);
      if (total < MIN_MESSAGE || total > MAX_MESSAGE || headersLength > total - MIN_MESSAGE) {
        throw badResponse(`impossible message length ${total}`, this.provider);
      }
      if (this.buffer.length < total) break;
      const message = this.buffer.subarray(0, total);
      if (crc32(message.subarray(0, total - 4)) !== view.getUint32(total - 4)) {
        throw badResponse('message CRC mismatch', this.provider);
      }
      const frame = this.toFrame(message.subarray(PRELUDE, PRELUDE + headersLength), message.subarray(PRELUDE + headersLength, total - 4));
      if (frame !== undefined) frames.push(frame);
      this.buffer = this.buffer.slice(total);
    }
    return frames;
  }

  end(): StreamFrame[] {
    if (this.buffer.length > 0) {
      const left = this.buffer.length;
      this.buffer = new Uint8Array(0);
      throw badResponse(`the stream ended inside a message (${left} bytes left over)`, this.provider);
    }
    return [];
  }

  private append(chunk: Uint8Array): void {
    if (this.buffer.length === 0) {
      this.buffer = chunk.slice();
      return;
    }
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
  }

  private toFrame(headerBytes: Uint8Array, payload: Uint8Array): StreamFrame | undefined {
    const headers = decodeHeaders(headerBytes, this.provider);
    const messageType = headers.get(':message-type');
    const data = this.text.decode(payload);
    if (messageType === 'event') {
      const event = headers.get(':event-type');
      return typeof event === 'string' ? { event, data } : { data };
    }
    if (messageType === 'exception') {
      const type = asString(headers.get(':exception-type')) ?? 'UnknownException';
      const parsed = safeParseJson(data);
      const body = asRecord(parsed.ok ? parsed.value : undefined);
      const message = asString(body?.['message']) ?? asString(body?.['Message']) ?? data;
      return { event: EXCEPTION_EVENT, data: JSON.stringify({ type, message, raw: parsed.ok ? parsed.value : data }) };
    }
    if (messageType === 'error') {
      const type = asString(headers.get(':error-code')) ?? 'UnknownError';
      const message = asString(headers.get(':error-message')) ?? data;
      return { event: EXCEPTION_EVENT, data: JSON.stringify({ type, message }) };
    }
    throw badResponse(`unknown :message-type ${String(messageType)}`, this.provider);
  }
}
