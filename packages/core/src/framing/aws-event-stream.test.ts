import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { frameDecoderFor } from '../routing/stream-events.js';
import { chunked, concat, encodeEvent, encodeException, encodeMessage } from '../providers/bedrock/__fixtures__/event-stream-encoder.js';
import { AwsEventStreamDecoder, crc32, decodeHeaders } from './aws-event-stream.js';

function decodeAll(bytes: Uint8Array, sizes?: number[]) {
  const decoder = frameDecoderFor('aws-eventstream', 'Amazon Bedrock');
  const frames = chunked(bytes, sizes).flatMap((chunk) => [...decoder.push(chunk)]);
  return [...frames, ...decoder.end()];
}

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('crc32', () => {
  it('matches node:zlib crc32 (IEEE) on assorted inputs', () => {
    const inputs = [new Uint8Array(0), new TextEncoder().encode('123456789'), Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff)];
    for (const input of inputs) expect(crc32(input)).toBe(zlibCrc32(input));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('AwsEventStreamDecoder', () => {
  const stream = concat([
    encodeEvent('messageStart', { role: 'assistant' }),
    encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'héllo ✓' } }),
    encodeEvent('messageStop', { stopReason: 'end_turn' }),
  ]);

  it('decodes event messages in any chunking, byte by byte included', () => {
    for (const sizes of [[1], [3, 7], [stream.length], [12, 1, 40]]) {
      const frames = decodeAll(stream, sizes);
      expect(frames.map((frame) => frame.event)).toEqual(['messageStart', 'contentBlockDelta', 'messageStop']);
      expect(JSON.parse(frames[1]?.data ?? '')).toEqual({ contentBlockIndex: 0, delta: { text: 'héllo ✓' } });
    }
  });

  it('skips header value types other than string by their sizes', () => {
    const int32 = { type: 4, bytes: Uint8Array.from([0, 0, 1, 0]) };
    const uuid = { type: 9, bytes: new Uint8Array(16).fill(0xab) };
    const bytesHeader = { type: 6, bytes: Uint8Array.from([0, 3, 1, 2, 3]) };
    const timestamp = { type: 8, bytes: new Uint8Array(8).fill(1) };
    const message = encodeMessage(
      { flag: { type: 0, bytes: new Uint8Array(0) }, n: int32, id: uuid, blob: bytesHeader, ts: timestamp, ':message-type': 'event', ':event-type': 'metadata' },
      '{"usage":{}}',
    );
    expect(decodeAll(message)).toEqual([{ event: 'metadata', data: '{"usage":{}}' }]);
    const headers = decodeHeaders(message.subarray(12, message.length - 4 - 12));
    expect(headers.get('n')).toBe(256);
    expect(headers.get('flag')).toBe(true);
  });

  it('turns exception messages into exception frames with the type and message', () => {
    const frames = decodeAll(concat([encodeEvent('messageStart', { role: 'assistant' }), encodeException('throttlingException', 'Too many requests')]));
    expect(frames[1]?.event).toBe('exception');
    expect(JSON.parse(frames[1]?.data ?? '')).toMatchObject({ type: 'throttlingException', message: 'Too many requests' });
  });

  it('turns error messages (:error-code / :error-message) into exception frames', () => {
    const frames = decodeAll(encodeMessage({ ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'boom' }, ''));
    expect(JSON.parse(frames[0]?.data ?? '')).toEqual({ type: 'InternalFailure', message: 'boom' });
  });

  it('rejects a message whose message CRC is wrong', () => {
    const bad = encodeEvent('messageStart', { role: 'assistant' });
    bad[bad.length - 6] = (bad[bad.length - 6] ?? 0) ^ 0xff;
    const error = errorOf(() => decodeAll(bad));
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toMatch(/Amazon Bedrock .*message CRC mismatch/);
    expect(error.options.provider).toBe('Amazon Bedrock');
  });

  it('rejects a corrupt prelude (length bytes flipped) before trusting its length', () => {
    const bad = encodeEvent('messageStart', { role: 'assistant' });
    bad[1] = 0x7f;
    expect(errorOf(() => decodeAll(bad)).message).toMatch(/prelude CRC mismatch/);
  });

  it('rejects a stream that ends inside a message', () => {
    const truncated = stream.subarray(0, stream.length - 10);
    const decoder = new AwsEventStreamDecoder('Amazon Bedrock');
    expect(decoder.push(truncated)).toHaveLength(2);
    const error = errorOf(() => decoder.end());
    expect(error.code).toBe('upstream_bad_response');
    expect(error.message).toMatch(/ended inside a message/);
  });

  it('rejects a header that runs past its block', () => {
    expect(() => decodeHeaders(Uint8Array.from([5, 0x61]))).toThrow(/runs past/);
  });
});
