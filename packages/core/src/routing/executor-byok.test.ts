import { testEndpoint } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import { NO_CREDENTIALS } from '../ports/credential-source.js';
import type { UpstreamHttp } from '../ports/upstream-http.js';
import type { ProviderAdapter, ProviderSettings } from '../providers/provider-adapter.js';
import { mapUpstreamError } from '../providers/shared/map-http-error.js';
import { MemoryEndpointStats } from '../stats/memory-endpoint-stats.js';
import { execute, type ExecutorDeps } from './executor.js';
import { byokFirst } from './policy/byok-first.js';
import { DEFAULT_RETRY } from './retry-policy.js';

/** Answers JSON; the URL names the API key the request was built with, so tests see which key went out. */
const keyedAdapter: ProviderAdapter = {
  kind: 'keyed',
  buildRequest: (ctx) => ({
    url: `${ctx.settings.baseUrl}/${ctx.upstreamModel}?key=${ctx.settings.apiKey ?? 'none'}`,
    method: 'POST',
    headers: {},
    body: '{}',
    framing: 'json',
  }),
  parseResponse: () => [
    { type: 'text-delta', delta: 'ok' },
    { type: 'finish', reason: 'stop', native: 'stop' },
  ],
  createStreamDecoder: () => ({ push: () => [], end: () => [] }),
  mapError: (failure, provider) => mapUpstreamError({ failure, provider, message: `status ${String(failure.status)}` }),
};

const endpoint = (provider: string) => testEndpoint(provider);

function settings(id: string, apiKey: string): ProviderSettings {
  return { id, name: id, baseUrl: `http://${id}`, apiKey, headers: {}, timeoutMs: 1000 };
}

function upstreamAnswering(statuses: Record<string, number>): UpstreamHttp & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    send(spec) {
      calls.push(spec.url);
      const status = statuses[spec.url] ?? 500;
      const body = status === 200 ? '{}' : '{"error":{"message":"no"}}';
      return Promise.resolve({
        status,
        headers: {},
        body: (async function* () {
          yield new TextEncoder().encode(body);
        })(),
        text: () => Promise.resolve(body),
      });
    },
  };
}

function deps(upstream: UpstreamHttp, stats = new MemoryEndpointStats()): ExecutorDeps {
  return {
    upstream,
    providers: new Map(['a', 'b'].map((id) => [id, { settings: settings(id, `gateway-${id}`), adapter: keyedAdapter }])),
    retry: DEFAULT_RETRY,
    random: () => 0,
    clock: { now: () => new Date(0), monotonicMs: () => 0 },
    credentials: NO_CREDENTIALS,
    stats,
    sleep: () => Promise.resolve(),
  };
}

const request = { model: 'test/m', messages: [{ role: 'user' as const, content: 'hi' }] };
const signal = new AbortController().signal;
const ownKey = (endpoint: Endpoint) => settings(endpoint.providerId, `own-${endpoint.providerId}`);

describe('execute with BYOK endpoints', () => {
  it('tries the account’s own key first, ahead of the plan order, and says so', async () => {
    const upstream = upstreamAnswering({ 'http://b/m?key=own-b': 200 });
    const plan = byokFirst([endpoint('a'), endpoint('b')], new Set(['b']));
    const outcome = await execute(deps(upstream), { request, plan, stream: false, signal, byokSettings: ownKey });
    if (!outcome.ok) throw outcome.error;
    expect(upstream.calls).toEqual(['http://b/m?key=own-b']);
    expect(outcome.committed.byok).toBe(true);
    expect(outcome.committed.endpoint.providerId).toBe('b');
  });

  it('falls back to shared capacity when the provider refuses the own key, without hurting the endpoint’s health', async () => {
    const stats = new MemoryEndpointStats();
    const recorded: string[] = [];
    const record = stats.record.bind(stats);
    stats.record = (sample) => {
      recorded.push(`${sample.endpointId}:${sample.kind}`);
      record(sample);
    };
    const upstream = upstreamAnswering({ 'http://b/m?key=own-b': 401, 'http://a/m?key=gateway-a': 200 });
    const plan = byokFirst([endpoint('a'), endpoint('b')], new Set(['b']));
    const outcome = await execute(deps(upstream, stats), { request, plan, stream: false, signal, byokSettings: ownKey });
    if (!outcome.ok) throw outcome.error;
    expect(upstream.calls).toEqual(['http://b/m?key=own-b', 'http://a/m?key=gateway-a']);
    expect(outcome.committed.byok).toBe(false);
    expect(outcome.attempts.map((a) => [a.providerId, a.status])).toEqual([['b', 401], ['a', 200]]);
    expect(recorded).toEqual(['m@b:abandoned', 'm@a:success']);
  });

  it('skips BYOK endpoints it has no settings for, and a shared attempt uses the gateway key', async () => {
    const upstream = upstreamAnswering({ 'http://b/m?key=gateway-b': 200 });
    const plan = byokFirst([endpoint('b')], new Set(['b']));
    const outcome = await execute(deps(upstream), { request, plan, stream: false, signal, byokSettings: () => undefined });
    if (!outcome.ok) throw outcome.error;
    expect(upstream.calls).toEqual(['http://b/m?key=gateway-b']);
    expect(outcome.committed.byok).toBe(false);
  });

  it('a plan without BYOK markers never asks for own settings', async () => {
    const upstream = upstreamAnswering({ 'http://a/m?key=gateway-a': 200 });
    const byokSettings = () => {
      throw new GatewayError('internal', 'must not be asked');
    };
    const outcome = await execute(deps(upstream), { request, plan: [endpoint('a')], stream: false, signal, byokSettings });
    expect(outcome.ok).toBe(true);
  });
});
