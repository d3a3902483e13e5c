import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, type TestGateway } from '../support/harness.js';
import { call } from '../support/http.js';
import { approveConsent, codeFrom, openConsent, postConsent, startOAuthGateway } from '../support/oauth-consent.js';

let t: TestGateway;
let origin: string;
let app: OpenRouter;

beforeAll(async () => {
  ({ t, origin, app } = await startOAuthGateway());
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

/** `GET /key` as the key sees itself (raw: the SDK's model has no `name`). */
async function keyInfo(key: string): Promise<Record<string, unknown>> {
  const response = await call(t, 'GET', '/key', key);
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

async function chatWith(key: string): Promise<string | null | undefined> {
  t.upstream.next({ json: FIXTURES.openaiText() });
  const client = new OpenAI({ apiKey: key, baseURL: t.baseURL, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Invent a holiday' }] });
  return completion.choices[0]?.message.content;
}

describe('OAuth PKCE through the consent page, with @openrouter/sdk helpers', () => {
  it('authorization URL → consent page → approve → 303 with code → exchange → the new key chats', async () => {
    const { codeChallenge, codeVerifier } = await app.oAuth.createSHA256CodeChallenge();
    const url = await app.oAuth.createAuthorizationUrl({ callbackUrl: 'http://localhost:4567/callback?state=xyz', codeChallenge, codeChallengeMethod: 'S256', limit: 5 });
    expect(url.startsWith(`${origin}/auth?`)).toBe(true);

    const page = await openConsent(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' http://localhost:4567;");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.cookie).toMatch(/^switchyard_oauth_csrf=[A-Za-z0-9_-]{43}$/);
    expect(page.html).toContain('<strong>localhost:4567</strong>');
    expect(page.html).toContain('$5');
    expect(page.fields).toMatchObject({ callback_url: 'http://localhost:4567/callback?state=xyz', code_challenge: codeChallenge, code_challenge_method: 'S256', limit: '5' });

    const approved = await postConsent(origin, { fields: { ...page.fields, api_key: PROVISIONING_KEY, decision: 'approve' }, cookie: page.cookie });
    expect(approved.status).toBe(303);
    const location = new URL(approved.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:4567/callback');
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = codeFrom(approved);

    const exchanged = await app.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code, codeVerifier, codeChallengeMethod: 'S256' } });
    expect(exchanged.key).toMatch(/^sk-sy-v1-[0-9a-f]{64}$/);
    expect(exchanged.userId).toBe('acct_default');

    expect(await chatWith(exchanged.key)).toContain('Galaxy Day');
    const own = new OpenRouter({ apiKey: exchanged.key, serverURL: t.baseURL });
    expect((await own.apiKeys.getCurrentKeyMetadata()).data).toMatchObject({ limit: 5, isProvisioningKey: false });
    expect(await keyInfo(exchanged.key)).toMatchObject({ name: 'OAuth: localhost:4567', limit: 5 });
  });

  it('headless: no callback URL, the code is shown on the page', async () => {
    const { codeChallenge, codeVerifier } = await app.oAuth.createSHA256CodeChallenge();
    const page = await openConsent(`${origin}/auth?code_challenge=${codeChallenge}&code_challenge_method=S256&key_label=${encodeURIComponent('My CLI')}`);
    expect(page.status).toBe(200);
    const shown = await postConsent(origin, { fields: { ...page.fields, api_key: PROVISIONING_KEY, decision: 'approve' }, cookie: page.cookie });
    expect(shown.status).toBe(200);
    const code = /<code>([A-Za-z0-9_-]+)<\/code>/.exec(await shown.text())?.[1] ?? '';
    const exchanged = await app.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code, codeVerifier } });
    expect((await keyInfo(exchanged.key))['name']).toBe('My CLI');
  });

  it('deny: 303 back to the callback with error=access_denied and no code', async () => {
    const page = await openConsent(`${origin}/auth?callback_url=${encodeURIComponent('https://app.example/cb')}`);
    const denied = await postConsent(origin, { fields: { ...page.fields, decision: 'deny' }, cookie: page.cookie });
    expect(denied.status).toBe(303);
    expect(denied.headers.get('location')).toBe('https://app.example/cb?error=access_denied');
  });
});

describe('OAuth PKCE through the API (POST /auth/keys/code with a provisioning key)', () => {
  it('createAuthCode (plain) → exchange → the new key chats through the openai SDK', async () => {
    const admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
    const verifier = 'plain-verifier_0123456789.abcdefghijklmnopqrstu~';
    const created = await admin.oAuth.createAuthCode({
      requestBody: { callbackUrl: 'https://app.example/cb', codeChallenge: verifier, codeChallengeMethod: 'plain', limit: 1.25, usageLimitType: 'daily', keyLabel: 'Server-side' },
    });
    expect(created.data.appId).toBe(0);
    expect(Date.parse(created.data.createdAt)).not.toBeNaN();
    const exchanged = await app.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code: created.data.id, codeVerifier: verifier, codeChallengeMethod: 'plain' } });
    expect(await chatWith(exchanged.key)).toContain('Galaxy Day');
    expect(await keyInfo(exchanged.key)).toMatchObject({ name: 'Server-side', limit: 1.25, limit_reset: 'daily' });
  });

  it('answers the exchange in OpenRouter\'s shape, with no-store', async () => {
    const response = await approveConsent(`${origin}/auth?callback_url=${encodeURIComponent('https://app.example/cb')}`, PROVISIONING_KEY);
    const exchange = await fetch(`${t.baseURL}/auth/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: codeFrom(response) }) });
    expect(exchange.status).toBe(200);
    expect(exchange.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys((await exchange.json()) as object).sort()).toEqual(['key', 'user_id']);
  });

  it('an inference key may neither create codes through the API nor approve on the page', async () => {
    const user = new OpenRouter({ apiKey: API_KEY, serverURL: t.baseURL });
    await expect(user.oAuth.createAuthCode({ requestBody: { callbackUrl: 'https://app.example/cb' } })).rejects.toMatchObject({ statusCode: 403 });
    const refused = await approveConsent(`${origin}/auth?callback_url=${encodeURIComponent('https://app.example/cb')}`, API_KEY);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only management (provisioning) keys can approve');
  });
});
