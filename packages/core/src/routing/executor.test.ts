import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import { parsePricing } from '../billing/pricing.js';
import type { Endpoint } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import { isRecord, safeParseJson } from '../json.js';
import type { UpstreamHttp, UpstreamResponse } from '../ports/upstream-http.js';
import { NO_CREDENTIALS } from '../ports/credential-source.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { mapUpstreamError } from '../providers/shared/map-http-error.js';
import { execute, type ExecutorDeps } from './executor.js';
import { DEFAULT_RETRY } from './retry-policy.js';

/**
 * A toy provider: JSON `{text}` answers (anything else is a bad shape); stream frames `{"t":"…"}`,
 * `{"finish":true}`, `{"fail":status}`. Its errors name the provider it is given, as real adapters do.
 */
const toyAdapter: ProviderAdapter = {
  kind: 'toy',
  buildRequest: (ctx) => ({
    url: `${ctx.settings.baseUrl}/${ctx.upstreamModel}`,
    method: 'POST',
    headers: {},
    body: JSON.stringify({ stream: ctx.stream, temperature: ctx.request.temperature }),
    framing: ctx.stream ? 'sse' : 'json',
  }),
  parseResponse: (body, provider) => {
    if (!isRecord(body) || typeof body['text'] !== 'string') {
      throw new GatewayError('upstream_bad_response', `${provider}: no text`, { provider, raw: body });
    }
    return [
      { type: 'text-delta', delta: body['text'] },
      { type: 'finish', reason: 'stop', native: 'done' },
    ];
  },
  createStreamDecoder: (provider) => ({
    push(frame): CanonicalEvent[] {
      const parsed = safeParseJson(frame.data);
      const value = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
      if (typeof value['t'] === 'string') return [{ type: 'text-delta', delta: value['t'] }];
      if (value['finish'] === true) return [{ type: 'finish', reason: 'stop', native: 'done' }];
      if (typeof value['fail'] === 'number') {
        return [{ type: 'error', error: mapUpstreamError({ failure: { status: value['fail'], headers: {}, body: value }, provider, message: 'boom' }) }];
      }
      return [];
    },
    end: () => [],
  }),
  mapError: (failure, provider) => mapUpstreamError({ failure, provider, message: `status ${failure.status}` }),
};

type Script = { status: number; body: string; headers?: Record<string, string> } | GatewayError;

function fakeUpstream(scripts: Record<string, Script[]>): UpstreamHttp & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    send(spec) {
      calls.push(spec.url);
      const script = scripts[spec.url]?.shift();
      if (script === undefined) throw new Error(`unexpected call to ${spec.url}`);
      if (GatewayError.is(script)) return Promise.reject(script);
      const bytes = new TextEncoder().encode(script.body);
      const response: UpstreamResponse = {
        status: script.status,
        headers: script.headers ?? {},
        body: (async function* () {
          yield bytes;
        })(),
        text: () => Promise.resolve(script.body),
      };
      return Promise.resolve(response);
    },
  };
}

function endpoint(provider: string, model = 'm'): Endpoint {
  return {
    id: `m@${provider}`,
    modelId: 'test/m',
    providerId: provider,
    providerName: provider.toUpperCase(),
    upstreamModel: model,
    pricingStrings: { prompt: '0', completion: '0' },
    pricing: parsePricing({ prompt: '0', completion: '0' }),
    contextLength: 1000,
    maxCompletionTokens: null,
    supportedParameters: new Set(['max_tokens']),
    quantization: null,
    dataPolicy: { training: false, retainsPrompts: false, zdr: false },
  };
}

function deps(upstream: UpstreamHttp, sleeps: number[] = []): ExecutorDeps {
  const settings = (id: string) => ({ id, name: `Acme ${id.toUpperCase()}`, baseUrl: `http://${id}`, apiKey: undefined, headers: {}, timeoutMs: 1000 });
  return {
    upstream,
    providers: new Map(['a', 'b'].map((id) => [id, { settings: settings(id), adapter: toyAdapter }])),
    retry: DEFAULT_RETRY,
    random: () => 0,
    clock: { now: () => new Date(0), monotonicMs: () => 0 },
    credentials: NO_CREDENTIALS,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

const request = { model: 'test/m', messages: [{ role: 'user' as const, content: 'hi' }], temperature: 0.5 };
const signal = new AbortController().signal;

async function collect(events: AsyncIterable<CanonicalEvent>): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('execute', () => {
  it('serves from the first endpoint and drops unsupported parameters', async () => {
    const upstream = fakeUpstream({ 'http://a/m': [{ status: 200, body: '{"text":"hello"}' }] });
    const outcome = await execute(deps(upstream), { request, plan: [endpoint('a')], stream: false, signal });
    if (!outcome.ok) throw outcome.error;
    expect(await collect(outcome.committed.events)).toEqual([
      { type: 'text-delta', delta: 'hello' },
      { type: 'finish', reason: 'stop', native: 'done' },
    ]);
    expect(outcome.committed.droppedParameters).toEqual(['temperature']);
    expect(outcome.attempts).toMatchObject([{ providerId: 'a', status: 200 }]);
  });

  it('retries a 5xx once on the same endpoint, then falls back to the next', async () => {
    const sleeps: number[] = [];
    const upstream = fakeUpstream({
      'http://a/m': [{ status: 502, body: 'bad gateway' }, { status: 500, body: '{}' }],
      'http://b/m': [{ status: 200, body: '{"text":"from b"}' }],
    });
    const outcome = await execute(deps(upstream, sleeps), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok).toBe(true);
    expect(upstream.calls).toEqual(['http://a/m', 'http://a/m', 'http://b/m']);
    expect(sleeps).toEqual([500]);
    expect(outcome.attempts.map((a) => [a.providerId, a.status])).toEqual([['a', 502], ['a', 500], ['b', 200]]);
  });

  it('gives up at once on a request the provider rejects as invalid', async () => {
    const upstream = fakeUpstream({ 'http://a/m': [{ status: 400, body: '{"error":"bad"}' }] });
    const outcome = await execute(deps(upstream), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('upstream_rejected');
    expect(upstream.calls).toEqual(['http://a/m']);
  });

  it('falls back when a stream fails before its first content, not after', async () => {
    const upstream = fakeUpstream({
      'http://a/m': [{ status: 200, body: 'data: {"fail":529}\n\n' }, { status: 200, body: 'data: {"fail":529}\n\n' }],
      'http://b/m': [{ status: 200, body: 'data: {"t":"one"}\n\ndata: {"fail":500}\n\n' }],
    });
    const outcome = await execute(deps(upstream), { request, plan: [endpoint('a'), endpoint('b')], stream: true, signal });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.committed.endpoint.providerId).toBe('b');
    const events = await collect(outcome.committed.events);
    expect(events[0]).toEqual({ type: 'text-delta', delta: 'one' });
    expect(events[1]?.type).toBe('error');
  });

  it("hands the provider's configured name (settings.name) to the adapter's parser and stream decoder", async () => {
    const upstream = fakeUpstream({
      'http://a/m': [{ status: 200, body: '{"nope":1}' }],
      'http://b/m': [{ status: 200, body: 'data: {"t":"one"}\n\ndata: {"fail":500}\n\n' }],
    });
    const json = await execute(deps(upstream), { request, plan: [endpoint('a')], stream: false, signal });
    expect(!json.ok && [json.error.code, json.error.message, json.error.options.provider]).toEqual([
      'upstream_bad_response',
      'Acme A: no text',
      'Acme A',
    ]);
    const streamed = await execute(deps(upstream), { request, plan: [endpoint('b')], stream: true, signal });
    if (!streamed.ok) throw streamed.error;
    const last = (await collect(streamed.committed.events)).at(-1);
    expect(last?.type === 'error' && [last.error.message, last.error.options.provider]).toEqual(['Acme B: boom', 'Acme B']);
  });

  it('returns the last error when every endpoint fails, with every attempt listed', async () => {
    const limited = new GatewayError('upstream_rate_limited', 'slow down', { retryAfterMs: 60_000 });
    const upstream = fakeUpstream({ 'http://a/m': [limited], 'http://b/m': [{ status: 429, body: '{}', headers: { 'retry-after': '60' } }] });
    const outcome = await execute(deps(upstream), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('upstream_rate_limited');
      expect(outcome.error.options.retryAfterMs).toBe(60_000);
    }
    expect(outcome.attempts).toHaveLength(2);
  });

  it('is a no_route error when no endpoint has a configured provider', async () => {
    const outcome = await execute(deps(fakeUpstream({})), { request, plan: [endpoint('zzz')], stream: false, signal });
    expect(!outcome.ok && outcome.error.code).toBe('no_route');
  });
});
