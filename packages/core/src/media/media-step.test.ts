import type { ChatCompletionRequest } from '@switchyard/protocol';
import { testEndpoint } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { NO_CREDENTIALS } from '../ports/credential-source.js';
import { MemoryEndpointStats } from '../stats/memory-endpoint-stats.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import type { UpstreamHttp } from '../ports/upstream-http.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { mapUpstreamError } from '../providers/shared/map-http-error.js';
import { execute, type ExecutorDeps } from '../routing/executor.js';
import { DEFAULT_RETRY } from '../routing/retry-policy.js';

/** Sends the first image URL it is given as the body, so the test sees what the adapter received. */
function adapter(kind: string, inline: boolean): ProviderAdapter {
  return {
    kind,
    inlineRemoteMedia: inline,
    buildRequest: (ctx) => {
      const parts = ctx.request.messages[0]?.content as { image_url: { url: string } }[];
      return { url: `http://${ctx.settings.id}/`, method: 'POST', headers: {}, body: parts[0]?.image_url.url ?? '', framing: 'json' };
    },
    parseResponse: () => [{ type: 'finish', reason: 'stop', native: undefined }],
    createStreamDecoder: () => ({ push: () => [], end: () => [] }),
    mapError: (failure, provider) => mapUpstreamError({ failure, provider, message: `status ${failure.status}` }),
  };
}

const endpoint = (providerId: string) => testEndpoint(providerId);

interface Sent {
  url: string;
  body: string;
}

function deps(media: MediaFetcher, sent: Sent[], statuses: Record<string, number> = {}): ExecutorDeps {
  const upstream: UpstreamHttp = {
    send: (spec) => {
      sent.push({ url: spec.url, body: spec.body });
      const status = statuses[spec.url] ?? 200;
      const text = '{}';
      return Promise.resolve({ status, headers: {}, body: (async function* () {})(), text: () => Promise.resolve(text) });
    },
  };
  const runtime = (id: string, inline: boolean) => ({
    settings: { id, name: id, baseUrl: `http://${id}`, apiKey: undefined, headers: {}, timeoutMs: 1000 },
    adapter: adapter(id, inline),
  });
  return {
    upstream,
    providers: new Map([
      ['inline-a', runtime('inline-a', true)],
      ['inline-b', runtime('inline-b', true)],
      ['by-url', runtime('by-url', false)],
    ]),
    retry: { ...DEFAULT_RETRY, maxRetriesPerEndpoint: 0 },
    random: () => 0,
    clock: { now: () => new Date(0), monotonicMs: () => 0 },
    credentials: NO_CREDENTIALS,
    stats: new MemoryEndpointStats(),
    sleep: () => Promise.resolve(),
    media,
  };
}

const URL_ = 'https://img.example/cat.png';
const request: ChatCompletionRequest = {
  model: 'test/m',
  messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: URL_ } }] }],
};
const signal = new AbortController().signal;

function counting(result: () => Promise<{ mediaType: string; data: string }>): MediaFetcher & { calls: number } {
  const fetcher = {
    calls: 0,
    fetch: () => {
      fetcher.calls++;
      return result();
    },
  };
  return fetcher;
}

describe('the executor inlines remote media for adapters that need it', () => {
  it('downloads once and hands inline-only adapters a data: URL, others the original URL', async () => {
    const sent: Sent[] = [];
    const media = counting(() => Promise.resolve({ mediaType: 'image/png', data: 'iVBORw0KGgo=' }));
    const plan = [endpoint('inline-a'), endpoint('by-url'), endpoint('inline-b')];
    const outcome = await execute(deps(media, sent, { 'http://inline-a/': 503, 'http://by-url/': 503 }), {
      request,
      plan,
      stream: false,
      signal,
    });
    expect(outcome.ok).toBe(true);
    expect(sent).toEqual([
      { url: 'http://inline-a/', body: 'data:image/png;base64,iVBORw0KGgo=' },
      { url: 'http://by-url/', body: URL_ },
      { url: 'http://inline-b/', body: 'data:image/png;base64,iVBORw0KGgo=' },
    ]);
    expect(media.calls).toBe(1);
  });

  it('fails with the 400 naming the URL, without calling inline-only providers or fetching again', async () => {
    const sent: Sent[] = [];
    const refusal = new GatewayError('invalid_request', `Could not download ${URL_}: HTTP 404`, { metadata: { media_url: URL_ } });
    const media = counting(() => Promise.reject(refusal));
    const outcome = await execute(deps(media, sent), { request, plan: [endpoint('inline-a'), endpoint('inline-b')], stream: false, signal });
    expect(!outcome.ok && [outcome.error.code, outcome.error.status, outcome.error.message]).toEqual([
      'invalid_request',
      400,
      `Could not download ${URL_}: HTTP 404`,
    ]);
    expect(sent).toEqual([]);
    expect(outcome.attempts).toEqual([]);
    expect(media.calls).toBe(1);
  });

  it('still serves from a provider that takes URLs when the download fails', async () => {
    const sent: Sent[] = [];
    const media = counting(() => Promise.reject(new Error('boom')));
    const outcome = await execute(deps(media, sent), { request, plan: [endpoint('inline-a'), endpoint('by-url')], stream: false, signal });
    expect(outcome.ok && outcome.committed.endpoint.providerId).toBe('by-url');
    expect(sent).toEqual([{ url: 'http://by-url/', body: URL_ }]);
  });

  it('refuses remote URLs with a 400 when no fetcher is configured', async () => {
    const sent: Sent[] = [];
    const { media: _none, ...withoutMedia } = deps(counting(() => Promise.reject(new Error('unused'))), sent);
    const outcome = await execute(withoutMedia, { request, plan: [endpoint('inline-a')], stream: false, signal });
    expect(!outcome.ok && outcome.error.code).toBe('invalid_request');
    expect(!outcome.ok && outcome.error.message).toContain(URL_);
    expect(sent).toEqual([]);
  });
});
