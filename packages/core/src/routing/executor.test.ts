import { testEndpoint } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import { GatewayError } from '../errors/gateway-error.js';
import { isRecord, safeParseJson } from '../json.js';
import type { UpstreamHttp, UpstreamResponse } from '../ports/upstream-http.js';
import { NO_CREDENTIALS } from '../ports/credential-source.js';
import { MemoryEndpointStats } from '../stats/memory-endpoint-stats.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { mapUpstreamError } from '../providers/shared/map-http-error.js';
import { execute, type ExecutorDeps } from './executor.js';
import { DEFAULT_HEALTH } from '../stats/health-config.js';
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

function fakeUpstream(scripts: Record<string, Script[]>, onSend?: () => void): UpstreamHttp & { calls: string[]; timeouts: number[] } {
  const calls: string[] = [];
  const timeouts: number[] = [];
  return {
    calls,
    timeouts,
    send(spec, options) {
      calls.push(spec.url);
      timeouts.push(options.timeoutMs);
      onSend?.();
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

const endpoint = (provider: string, model = 'm') =>
  testEndpoint(provider, { providerName: provider.toUpperCase(), upstreamModel: model, supportedParameters: new Set(['max_tokens']) });

function deps(upstream: UpstreamHttp, sleeps: number[] = [], overrides: Partial<ExecutorDeps> = {}): ExecutorDeps {
  const settings = (id: string) => ({ id, name: `Acme ${id.toUpperCase()}`, baseUrl: `http://${id}`, apiKey: undefined, headers: {}, timeoutMs: 1000 });
  return {
    upstream,
    providers: new Map(['a', 'b'].map((id) => [id, { settings: settings(id), adapter: toyAdapter }])),
    retry: DEFAULT_RETRY,
    random: () => 0,
    clock: { now: () => new Date(0), monotonicMs: () => 0 },
    credentials: NO_CREDENTIALS,
    stats: new MemoryEndpointStats(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
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
    // A JSON answer arrived whole: the same events are handed over as a list too.
    expect(outcome.committed.list).toEqual([
      { type: 'text-delta', delta: 'hello' },
      { type: 'finish', reason: 'stop', native: 'done' },
    ]);
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

describe('execute: health, breaker and deadline', () => {
  const health = { ...DEFAULT_HEALTH, breakerFailureThreshold: 2 };

  it('tells the stats about each attempt: failures before the commit point, then the success with its time to first token', async () => {
    const stats = new MemoryEndpointStats(health);
    let now = 0;
    const upstream = fakeUpstream(
      { 'http://a/m': [{ status: 500, body: '{}' }, { status: 200, body: '{"text":"ok"}' }] },
      () => (now += 40),
    );
    const clock = { now: () => new Date(now), monotonicMs: () => now };
    const outcome = await execute(deps(upstream, [], { stats, clock }), { request, plan: [endpoint('a')], stream: false, signal });
    expect(outcome.ok).toBe(true);
    const seen = stats.view(new Date(now)).get('m@a');
    expect(seen.uptimeLast5m).toBe(50);
    expect(seen.latencyLast30m?.p50).toBe(40);
    expect(outcome.attempts).toMatchObject([
      { providerId: 'a', status: 500, latencyMs: 40, errorCode: 'upstream_unavailable', errorMessage: 'Acme A: status 500' },
      { providerId: 'a', status: 200, latencyMs: 40 },
    ]);
  });

  it('does not hold errors caused by the request against the endpoint', async () => {
    const stats = new MemoryEndpointStats(health);
    const upstream = fakeUpstream({ 'http://a/m': [{ status: 400, body: '{}' }] });
    await execute(deps(upstream, [], { stats }), { request, plan: [endpoint('a')], stream: false, signal });
    expect(stats.view(new Date(0)).get('m@a').uptimeLast5m).toBeNull();
  });

  it('skips an endpoint whose breaker is open without calling it, lists the skip, and serves from the next', async () => {
    const stats = new MemoryEndpointStats(health);
    for (const ms of [0, 1]) stats.record({ kind: 'failure', endpointId: 'm@a', at: new Date(ms), rateLimited: false, errorCode: 'upstream_unavailable' });
    const upstream = fakeUpstream({ 'http://b/m': [{ status: 200, body: '{"text":"b"}' }] });
    const outcome = await execute(deps(upstream, [], { stats }), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok && outcome.committed.endpoint.providerId).toBe('b');
    expect(upstream.calls).toEqual(['http://b/m']);
    expect(outcome.attempts).toMatchObject([{ providerId: 'a', status: 503, latencyMs: 0, errorCode: 'circuit_open' }, { providerId: 'b', status: 200 }]);
  });

  it('answers 503 (temporarily unavailable) when every endpoint is behind an open breaker', async () => {
    const stats = new MemoryEndpointStats(health);
    for (const ms of [0, 1]) stats.record({ kind: 'failure', endpointId: 'm@a', at: new Date(ms), rateLimited: false, errorCode: 'upstream_unavailable' });
    const outcome = await execute(deps(fakeUpstream({}), [], { stats }), { request, plan: [endpoint('a')], stream: false, signal });
    expect(!outcome.ok && [outcome.error.code, outcome.error.status]).toEqual(['upstream_overloaded', 503]);
  });

  it('opens the breaker during a retry loop and lets one probe through after the cool-down', async () => {
    const stats = new MemoryEndpointStats(health);
    const failing = { status: 503, body: '{}' };
    const upstream = fakeUpstream({ 'http://a/m': [failing, failing, { status: 200, body: '{"text":"probe"}' }], 'http://b/m': [] });
    const tooEarly = await execute(deps(upstream, [], { stats }), { request, plan: [endpoint('a')], stream: false, signal });
    expect(tooEarly.ok).toBe(false);
    expect(stats.view(new Date(0)).get('m@a').breaker).toBe('open');
    expect(upstream.calls).toHaveLength(2);
    const later = { now: () => new Date(health.breakerCooldownMs), monotonicMs: () => 0 };
    const probe = await execute(deps(upstream, [], { stats, clock: later }), { request, plan: [endpoint('a')], stream: false, signal });
    expect(probe.ok).toBe(true);
    expect(stats.view(later.now()).get('m@a').breaker).toBe('closed');
  });

  it('frees the half-open probe slot when the client leaves during the probe', async () => {
    const stats = new MemoryEndpointStats(health);
    for (const ms of [0, 1]) stats.record({ kind: 'failure', endpointId: 'm@a', at: new Date(ms), rateLimited: false, errorCode: 'upstream_unavailable' });
    const later = { now: () => new Date(health.breakerCooldownMs + 1), monotonicMs: () => 0 };
    const upstream = fakeUpstream({ 'http://a/m': [new GatewayError('client_closed', 'gone')] });
    const outcome = await execute(deps(upstream, [], { stats, clock: later }), { request, plan: [endpoint('a')], stream: false, signal });
    expect(!outcome.ok && outcome.error.code).toBe('client_closed');
    expect(stats.admit('m@a', later.now())).toBe(true);
  });

  it('records a failure after the commit point against the endpoint and on its attempt', async () => {
    const stats = new MemoryEndpointStats(health);
    const upstream = fakeUpstream({ 'http://a/m': [{ status: 200, body: 'data: {"t":"one"}\n\ndata: {"fail":500}\n\n' }] });
    const outcome = await execute(deps(upstream, [], { stats }), { request, plan: [endpoint('a')], stream: true, signal });
    if (!outcome.ok) throw outcome.error;
    await collect(outcome.committed.events);
    expect(stats.view(new Date(0)).get('m@a').uptimeLast5m).toBe(50);
    expect(outcome.attempts).toMatchObject([{ status: 200, errorCode: 'upstream_unavailable', errorMessage: 'Acme A: boom' }]);
  });

  it('records an error inside a whole (JSON) answer after its content, as for a stream', async () => {
    const stats = new MemoryEndpointStats(health);
    const failing = { ...toyAdapter, parseResponse: () => [{ type: 'text-delta', delta: 'one' }, { type: 'error', error: new GatewayError('upstream_unavailable', 'Acme A: boom') }] as CanonicalEvent[] };
    const base = deps(fakeUpstream({ 'http://a/m': [{ status: 200, body: '{}' }] }), [], { stats });
    const providers = new Map([...base.providers].map(([id, runtime]) => [id, { ...runtime, adapter: failing }]));
    const outcome = await execute({ ...base, providers }, { request, plan: [endpoint('a')], stream: false, signal });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.committed.list?.map((event) => event.type)).toEqual(['text-delta', 'error']);
    expect(stats.view(new Date(0)).get('m@a').uptimeLast5m).toBe(50);
    expect(outcome.attempts).toMatchObject([{ status: 200, errorCode: 'upstream_unavailable', errorMessage: 'Acme A: boom' }]);
  });

  it('starts no attempt after the request deadline, and caps each upstream timeout by what is left of it', async () => {
    let now = 0;
    const retry = { ...DEFAULT_RETRY, maxRetriesPerEndpoint: 0, requestDeadlineMs: 1500 };
    const upstream = fakeUpstream(
      { 'http://a/m': [new GatewayError('upstream_timeout', 'slow')], 'http://b/m': [new GatewayError('upstream_timeout', 'slow')] },
      () => (now += 1000),
    );
    const clock = { now: () => new Date(now), monotonicMs: () => now };
    const plan = [endpoint('a'), endpoint('b'), endpoint('a')];
    const outcome = await execute(deps(upstream, [], { retry, clock }), { request, plan, stream: false, signal });
    expect(upstream.calls).toEqual(['http://a/m', 'http://b/m']);
    expect(upstream.timeouts).toEqual([1000, 500]);
    expect(!outcome.ok && [outcome.error.code, outcome.error.message]).toEqual([
      'upstream_timeout',
      'No provider answered within the request deadline of 1500 ms. Last error: slow',
    ]);
  });

  it('does not wait for a backoff that would outlast the deadline: the next endpoint is tried at once', async () => {
    const sleeps: number[] = [];
    const retry = { ...DEFAULT_RETRY, requestDeadlineMs: 400 };
    const upstream = fakeUpstream({ 'http://a/m': [{ status: 502, body: '{}' }], 'http://b/m': [{ status: 200, body: '{"text":"b"}' }] });
    const outcome = await execute(deps(upstream, sleeps, { retry }), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok).toBe(true);
    expect(sleeps).toEqual([]);
    expect(upstream.calls).toEqual(['http://a/m', 'http://b/m']);
  });

  it.each([
    ['a connection reset', new GatewayError('upstream_unavailable', 'ECONNRESET'), 500],
    ['a 5xx', { status: 500, body: '{}' }, 500],
    ['a 429 with a short Retry-After', { status: 429, body: '{}', headers: { 'retry-after': '1' } }, 1000],
    ['a 529 overloaded', { status: 529, body: '{}' }, 500],
  ] as const)('retries %s on the same endpoint', async (_label, failure, delay) => {
    const sleeps: number[] = [];
    const upstream = fakeUpstream({ 'http://a/m': [failure, { status: 200, body: '{"text":"ok"}' }] });
    const outcome = await execute(deps(upstream, sleeps), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok && outcome.committed.endpoint.providerId).toBe('a');
    expect(upstream.calls).toEqual(['http://a/m', 'http://a/m']);
    expect(sleeps).toEqual([delay]);
  });

  it('moves on without waiting when Retry-After is long', async () => {
    const sleeps: number[] = [];
    const upstream = fakeUpstream({
      'http://a/m': [{ status: 429, body: '{}', headers: { 'retry-after': '30' } }],
      'http://b/m': [{ status: 200, body: '{"text":"b"}' }],
    });
    const outcome = await execute(deps(upstream, sleeps), { request, plan: [endpoint('a'), endpoint('b')], stream: false, signal });
    expect(outcome.ok && outcome.committed.endpoint.providerId).toBe('b');
    expect(sleeps).toEqual([]);
  });
});
