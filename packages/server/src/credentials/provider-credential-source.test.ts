import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { FakeClock, FakeTokenHttp, rsaKeyPair, serviceAccountJson, vertexSettings } from './__fixtures__/credentials-test-kit.js';
import type { CredentialPlan } from './credential-plans.js';
import { ProviderCredentialSource } from './provider-credential-source.js';
import { REFRESH_MARGIN_MS } from './refreshing-cache.js';
import { parseServiceAccount } from './service-account.js';
import { JWT_BEARER_GRANT } from './token-exchange.js';

const keys = rsaKeyPair();
const TOKEN_URI = 'https://oauth2.test/token';
const account = parseServiceAccount(serviceAccountJson(keys.privateKey, TOKEN_URI), 'test');
const settings = vertexSettings({});
const signal = new AbortController().signal;

function setup(plans?: ReadonlyMap<string, CredentialPlan>) {
  const http = new FakeTokenHttp();
  const clock = new FakeClock(Date.parse('2026-02-01T00:00:00Z'));
  const inner = new ProviderCredentialSource(plans ?? new Map([['google-vertex', { type: 'service-account', account }]]), {
    upstream: http,
    http: { request: () => Promise.reject(new Error('not used')) },
    clock,
    env: {},
    homeDir: '/nonexistent',
    runProcess: () => Promise.reject(new Error('not used')),
  });
  /** The bearer token the source gives (Google plans only give bearer tokens). */
  const source = {
    async accessToken(s: typeof settings, signal: AbortSignal): Promise<string | undefined> {
      const credential = await inner.credentialFor(s, signal);
      if (credential?.type === 'aws') throw new Error('expected a bearer token');
      return credential?.token;
    },
  };
  return { http, clock, source };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('ProviderCredentialSource with Google plans', () => {
  it('mints a token with the JWT bearer grant through UpstreamHttp, then reuses it', async () => {
    const { http, source } = setup();
    http.answer(200, { access_token: 'ya29.one', expires_in: 3599, token_type: 'Bearer' });
    expect(await source.accessToken(settings, signal)).toBe('ya29.one');
    expect(await source.accessToken(settings, signal)).toBe('ya29.one');
    expect(http.requests).toHaveLength(1);
    const { spec, options } = http.requests[0] ?? { spec: undefined, options: undefined };
    expect(spec?.url).toBe(TOKEN_URI);
    expect(spec?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(spec?.body);
    expect(form.get('grant_type')).toBe(JWT_BEARER_GRANT);
    expect(form.get('assertion')?.split('.')).toHaveLength(3);
    expect(options?.provider).toBe('Google Vertex');
    expect(options?.timeoutMs).toBe(5000);
  });

  it('refreshes five minutes before expiry, not earlier', async () => {
    const { http, clock, source } = setup();
    http.answer(200, { access_token: 'ya29.one', expires_in: 3600 }).answer(200, { access_token: 'ya29.two', expires_in: 3600 });
    await source.accessToken(settings, signal);
    clock.advance(3600_000 - REFRESH_MARGIN_MS - 1);
    expect(await source.accessToken(settings, signal)).toBe('ya29.one');
    clock.advance(1);
    expect(await source.accessToken(settings, signal)).toBe('ya29.two');
    expect(http.requests).toHaveLength(2);
  });

  it('shares one in-flight request between concurrent callers', async () => {
    const { http, source } = setup();
    const release = http.deferred(200, { access_token: 'ya29.shared', expires_in: 3600 });
    const callers = [1, 2, 3].map(() => source.accessToken(settings, signal));
    await Promise.resolve();
    release();
    expect(await Promise.all(callers)).toEqual(['ya29.shared', 'ya29.shared', 'ya29.shared']);
    expect(http.requests).toHaveLength(1);
  });

  it('lets a caller that goes away leave without failing the others', async () => {
    const { http, source } = setup();
    const release = http.deferred(200, { access_token: 'ya29.shared', expires_in: 3600 });
    const leaving = new AbortController();
    const first = source.accessToken(settings, leaving.signal);
    const second = source.accessToken(settings, signal);
    leaving.abort();
    expect((await rejection(first)).code).toBe('client_closed');
    release();
    expect(await second).toBe('ya29.shared');
  });

  it('maps invalid_grant to upstream_auth_failed and does not cache the failure', async () => {
    const { http, source } = setup();
    http.answer(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    http.answer(200, { access_token: 'ya29.after', expires_in: 3600 });
    const error = await rejection(source.accessToken(settings, signal));
    expect(error.code).toBe('upstream_auth_failed');
    expect(error.message).toMatch(/invalid_grant: Invalid JWT Signature/);
    expect(error.options.provider).toBe('Google Vertex');
    expect(error.options.upstreamStatus).toBe(400);
    expect(error.message).not.toMatch(/PRIVATE KEY/);
    expect(await source.accessToken(settings, signal)).toBe('ya29.after');
    expect(http.requests).toHaveLength(2);
  });

  it('maps 401 to upstream_auth_failed, 5xx and transport failures to upstream_unavailable', async () => {
    const { http, source } = setup();
    http.answer(401, { error: 'invalid_client' });
    expect((await rejection(source.accessToken(settings, signal))).code).toBe('upstream_auth_failed');
    http.answer(503, { error: 'backend_error' });
    const unavailable = await rejection(source.accessToken(settings, signal));
    expect(unavailable.code).toBe('upstream_unavailable');
    expect(unavailable.retryable).toBe(true);
    http.fail(new Error('ECONNREFUSED'));
    expect((await rejection(source.accessToken(settings, signal))).code).toBe('upstream_unavailable');
    http.fail(new GatewayError('upstream_timeout', 'slow', { provider: 'Google Vertex' }));
    expect((await rejection(source.accessToken(settings, signal))).code).toBe('upstream_timeout');
    http.answer(200, { token_type: 'Bearer' });
    expect((await rejection(source.accessToken(settings, signal))).code).toBe('upstream_bad_response');
  });

  it('returns a static token as configured, and nothing for providers without a plan', async () => {
    const plans = new Map<string, CredentialPlan>([['google-vertex', { type: 'static', token: 'ya29.static' }]]);
    const { http, source } = setup(plans);
    expect(await source.accessToken(settings, signal)).toBe('ya29.static');
    expect(await source.accessToken({ ...settings, id: 'openai' }, signal)).toBeUndefined();
    expect(http.requests).toHaveLength(0);
  });

  it('keeps one cache per provider', async () => {
    const plans = new Map<string, CredentialPlan>([
      ['google-vertex', { type: 'service-account', account }],
      ['google-vertex-anthropic', { type: 'service-account', account }],
    ]);
    const { http, source } = setup(plans);
    http.answer(200, { access_token: 'ya29.gemini', expires_in: 3600 }).answer(200, { access_token: 'ya29.claude', expires_in: 3600 });
    expect(await source.accessToken(settings, signal)).toBe('ya29.gemini');
    expect(await source.accessToken({ ...settings, id: 'google-vertex-anthropic' }, signal)).toBe('ya29.claude');
    expect(await source.accessToken(settings, signal)).toBe('ya29.gemini');
    expect(http.requests).toHaveLength(2);
  });
});
