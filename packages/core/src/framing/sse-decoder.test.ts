import { describe, expect, it } from 'vitest';
import { SseDecoder } from './sse-decoder.js';

describe('SseDecoder', () => {
  it('parses events split at every byte, with comments and CRLF', () => {
    const wire = ': OPENROUTER PROCESSING\r\n\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
    const decoder = new SseDecoder();
    const bytes = new TextEncoder().encode(wire);
    const frames = [];
    for (const byte of bytes) frames.push(...decoder.push(new Uint8Array([byte])));
    frames.push(...decoder.end());
    expect(frames).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { data: 'line1\nline2' },
      { data: '[DONE]' },
    ]);
  });

  it('emits a final event that lacks its blank line', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: {"x":1}')).toEqual([]);
    expect(decoder.end()).toEqual([{ data: '{"x":1}' }]);
  });

  it('decodes multi-byte UTF-8 split across chunks', () => {
    const decoder = new SseDecoder();
    const bytes = new TextEncoder().encode('data: héllo ✓\n\n');
    const frames = [...decoder.push(bytes.slice(0, 8)), ...decoder.push(bytes.slice(8)), ...decoder.end()];
    expect(frames).toEqual([{ data: 'héllo ✓' }]);
  });

  it('delivers bare non-SSE text (a provider error object) as a frame of its own', () => {
    const decoder = new SseDecoder();
    const body = 'data: {"a":1}\n\n{\n  "error": {\n    "code": 499\n  }\n}\n';
    expect([...decoder.push(body), ...decoder.end()]).toEqual([
      { data: '{"a":1}' },
      { data: '{\n  "error": {\n    "code": 499\n  }\n}' },
    ]);
  });

  it('ignores the id and retry fields', () => {
    const decoder = new SseDecoder();
    expect([...decoder.push('id: 7\nretry: 100\ndata: x\n\n'), ...decoder.end()]).toEqual([{ data: 'x' }]);
  });

  it('handles CR-only line endings and long multi-event chunks', () => {
    const decoder = new SseDecoder();
    const many = Array.from({ length: 500 }, (_, i) => `data: ${i}\n\n`).join('');
    const frames = [...decoder.push('data: a\r\rdata: b\r'), ...decoder.push('\r'), ...decoder.push(many), ...decoder.end()];
    expect(frames.slice(0, 2)).toEqual([{ data: 'a' }, { data: 'b' }]);
    expect(frames).toHaveLength(502);
    expect(frames.at(-1)).toEqual({ data: '499' });
  });
});
