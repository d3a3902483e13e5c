import { chatCompletionRequestSchema, type ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { NO_MEDIA_FETCHER, type MediaFetcher } from '../ports/media-fetcher.js';
import { inlineRemoteMedia, remoteMediaUrls } from './inline-remote-media.js';

const signal = new AbortController().signal;

function request(content: unknown[], extra: unknown[] = []): ChatCompletionRequest {
  return chatCompletionRequestSchema.parse({ model: 'x/y', messages: [{ role: 'user', content }, ...extra] });
}

/** Answers every URL with its own text as the bytes; records calls and the most running at once. */
function recordingFetcher(fail?: string) {
  const calls: string[] = [];
  let running = 0;
  let peak = 0;
  const fetcher: MediaFetcher = {
    async fetch(url) {
      calls.push(url);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (url === fail) throw new Error('HTTP 404');
      return { mediaType: url.endsWith('.pdf') ? 'application/pdf' : 'image/png', data: btoa(url) };
    },
  };
  return { fetcher, calls, peak: () => peak };
}

describe('remoteMediaUrls', () => {
  it('finds each distinct http(s) image and file URL once, in order, and nothing else', () => {
    const req = request(
      [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: 'https://a.example/1.png' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        { type: 'file', file: { file_data: 'HTTP://b.example/doc.pdf' } },
        { type: 'file', file: { file_data: 'JVBERi0x' } },
        { type: 'image_url', image_url: { url: 'https://a.example/1.png' } },
        { type: 'video_url', video_url: { url: 'https://www.youtube.com/watch?v=x' } },
        { type: 'image_url', image_url: { url: 'gs://bucket/x.png' } },
      ],
      [{ role: 'assistant', content: 'ok' }, { role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://c.example/2' } }] }],
    );
    expect(remoteMediaUrls(req)).toEqual(['https://a.example/1.png', 'HTTP://b.example/doc.pdf', 'http://c.example/2']);
  });
});

describe('inlineRemoteMedia', () => {
  it('replaces URLs with data: URLs, fetching each once, keeping every other field', async () => {
    const { fetcher, calls } = recordingFetcher();
    const req = request([
      { type: 'image_url', image_url: { url: 'https://a.example/1.png', detail: 'high' } },
      { type: 'file', file: { filename: 'doc.pdf', file_data: 'https://b.example/doc.pdf' } },
      { type: 'image_url', image_url: { url: 'https://a.example/1.png' } },
    ]);
    const out = await inlineRemoteMedia(req, fetcher, { signal });
    expect(calls).toEqual(['https://a.example/1.png', 'https://b.example/doc.pdf']);
    expect(out.messages[0]?.content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${btoa('https://a.example/1.png')}`, detail: 'high' } },
      { type: 'file', file: { filename: 'doc.pdf', file_data: `data:application/pdf;base64,${btoa('https://b.example/doc.pdf')}` } },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${btoa('https://a.example/1.png')}` } },
    ]);
    expect(req.messages[0]?.content).toHaveLength(3);
    expect((req.messages[0]?.content as { image_url?: { url: string } }[])[0]?.image_url?.url).toBe('https://a.example/1.png');
  });

  it('returns the same request object when there is nothing to fetch', async () => {
    const req = request([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }]);
    expect(await inlineRemoteMedia(req, NO_MEDIA_FETCHER, { signal })).toBe(req);
  });

  it('fetches in parallel, at most `concurrency` at a time', async () => {
    const { fetcher, calls, peak } = recordingFetcher();
    const parts = Array.from({ length: 7 }, (_, i) => ({ type: 'image_url', image_url: { url: `https://m.example/${i}.png` } }));
    await inlineRemoteMedia(request(parts), fetcher, { signal, concurrency: 3 });
    expect(calls).toHaveLength(7);
    expect(peak()).toBe(3);
  });

  it('turns a failed download into invalid_request naming the URL', async () => {
    const { fetcher } = recordingFetcher('https://a.example/missing.png');
    const req = request([{ type: 'image_url', image_url: { url: 'https://a.example/missing.png' } }]);
    const error = await inlineRemoteMedia(req, fetcher, { signal }).catch((e: unknown) => e);
    expect(GatewayError.is(error) && [error.code, error.status, error.message, error.options.metadata]).toEqual([
      'invalid_request',
      400,
      'Could not download https://a.example/missing.png: HTTP 404',
      { media_url: 'https://a.example/missing.png' },
    ]);
  });

  it('passes a GatewayError from the fetcher through and refuses URLs without a fetcher', async () => {
    const req = request([{ type: 'image_url', image_url: { url: 'https://a.example/1.png' } }]);
    const error = await inlineRemoteMedia(req, NO_MEDIA_FETCHER, { signal }).catch((e: unknown) => e);
    expect(GatewayError.is(error) && error.code).toBe('invalid_request');
    expect(String((error as Error).message)).toContain('https://a.example/1.png');
  });

  it('is client_closed when the client went away', async () => {
    const controller = new AbortController();
    const fetcher: MediaFetcher = {
      fetch: (_url, options) =>
        new Promise((_resolve, reject) => options.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    const pending = inlineRemoteMedia(request([{ type: 'image_url', image_url: { url: 'https://a.example/1.png' } }]), fetcher, {
      signal: controller.signal,
    });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(GatewayError.is(error) && error.code).toBe('client_closed');
  });
});
