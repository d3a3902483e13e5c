import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount } from '../support/accounts.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, type TestGateway } from '../support/harness.js';
import { call } from '../support/http.js';
import { approveConsent, codeFrom, openConsent, postConsent, startOAuthGateway, type OAuthGateway } from '../support/oauth-consent.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const OTHER_PROVISIONING_KEY = 'sk-sy-v1-test-provisioning-other-account-000000000000000000000000000';

let t: TestGateway;
let origin: string;
let app: OpenRouter;

beforeAll(async () => {
  ({ t, origin, app } = await startOAuthGateway());
});
afterAll(async () => t.close());

function consentUrl(base: string, params: Record<string, string>): string {
  return `${base}/auth?${new URLSearchParams(params).toString()}`;
}

async function approvedCode(callbackUrl = 'https://app.example/cb'): Promise<string> {
  const url = consentUrl(origin, { callback_url: callbackUrl, code_challenge: CHALLENGE, code_challenge_method: 'S256' });
  return codeFrom(await approveConsent(url, PROVISIONING_KEY));
}

async function exchange(base: string, body: Record<string, unknown>): Promise<{ status: number; body: { error?: { code: number; message: string } } }> {
  const response = await fetch(`${base}/auth/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { error?: { code: number; message: string } } };
}

describe('exchange refusals (403 in the OpenRouter shape)', () => {
  it('a reused code: the SDK gets a ForbiddenResponseError saying so', async () => {
    const code = await approvedCode();
    await app.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' } });
    const again = app.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' } });
    await expect(again).rejects.toMatchObject({ statusCode: 403, name: 'ForbiddenResponseError' });
    expect(await exchange(t.baseURL, { code, code_verifier: VERIFIER })).toMatchObject({ status: 403, body: { error: { code: 403, message: 'Authorization code has already been used', metadata: { error_code: 'forbidden' } } } });
  });

  it('a wrong verifier is refused and uses the code up', async () => {
    const code = await approvedCode();
    const wrong = await exchange(t.baseURL, { code, code_verifier: 'A'.repeat(43), code_challenge_method: 'S256' });
    expect(wrong).toMatchObject({ status: 403, body: { error: { message: 'Invalid code_verifier: it does not match the code_challenge' } } });
    expect((await exchange(t.baseURL, { code, code_verifier: VERIFIER })).body.error?.message).toBe('Authorization code has already been used');
  });

  it('exchanges racing over HTTP for one code: exactly one gets a key', async () => {
    const code = await approvedCode();
    const results = await Promise.all(Array.from({ length: 8 }, () => exchange(t.baseURL, { code, code_verifier: VERIFIER, code_challenge_method: 'S256' })));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(results.filter((result) => result.status === 403 && result.body.error?.message === 'Authorization code has already been used')).toHaveLength(7);
  });

  it('an unknown code, a missing verifier, a malformed body', async () => {
    expect(await exchange(t.baseURL, { code: 'made-up', code_verifier: VERIFIER })).toMatchObject({ status: 403, body: { error: { message: 'Invalid code: no such authorization code' } } });
    expect((await exchange(t.baseURL, { code: await approvedCode() })).body.error?.message).toMatch(/code_verifier: Required/);
    expect(await exchange(t.baseURL, { code: 'x', code_challenge_method: 'S512' })).toMatchObject({ status: 400, body: { error: { message: 'Invalid code_challenge_method: expected "S256" or "plain"' } } });
    expect((await exchange(t.baseURL, {})).status).toBe(400);
  });
});

describe('code creation refusals', () => {
  it.each([
    ['http://app.example/cb', /must use https/],
    ['https://user:pw@app.example/cb', /credentials/],
    ['https://app.example/cb#x', /fragment/],
    ['javascript:alert(1)', /must use https/],
  ])('the consent page shows an error for callback_url %s and sends nobody anywhere', async (callbackUrl, why) => {
    const page = await openConsent(consentUrl(origin, { callback_url: callbackUrl }));
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.cookie).toBeUndefined();
    expect(page.html).toMatch(why);
    expect(page.html).not.toContain('<form');
  });

  it('the API refuses a bad callback URL (400), a missing key (401) and an inference key (403)', async () => {
    const post = (key: string | undefined, body: unknown) => call(t, 'POST', '/auth/keys/code', key, body);
    const bad = await post(PROVISIONING_KEY, { callback_url: 'http://evil.example/cb' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/callback_url: must use https/);
    expect((await post(undefined, { callback_url: 'https://app.example/cb' })).status).toBe(401);
    expect((await post(API_KEY, { callback_url: 'https://app.example/cb' })).status).toBe(403);
  });

  it('a post without the page\'s cookie, from another origin, or not a form is refused; a wrong key re-shows the form', async () => {
    const page = await openConsent(consentUrl(origin, { callback_url: 'https://app.example/cb' }));
    const fields = { ...page.fields, api_key: PROVISIONING_KEY, decision: 'approve' };
    const noCookie = await postConsent(origin, { fields });
    expect(noCookie.status).toBe(403);
    expect(await noCookie.text()).toContain('This form has expired');
    expect((await postConsent(origin, { fields, cookie: 'switchyard_oauth_csrf=' + 'x'.repeat(43) })).status).toBe(403);
    expect((await postConsent(origin, { fields, cookie: page.cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await postConsent(origin, { fields, cookie: page.cookie, origin: 'null' })).status).toBe(403);
    const json = await fetch(`${origin}/auth`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: page.cookie ?? '' }, body: JSON.stringify(fields) });
    expect(json.status).toBe(415);
    const wrongKey = await postConsent(origin, { fields: { ...fields, api_key: 'sk-sy-v1-nope' }, cookie: page.cookie });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.text()).toContain('No such key');
  });
});

describe('accounts stay apart', () => {
  it('a key minted with another account\'s approval belongs to that account and cannot read this one\'s generations', async () => {
    await seedAccount(t, { accountId: 'acct_b', name: 'B', keys: [{ id: 'key_b_prov', secret: OTHER_PROVISIONING_KEY, kind: 'provisioning', name: 'B admin' }] });
    const code = codeFrom(await approveConsent(consentUrl(origin, { callback_url: 'https://app.example/cb', code_challenge: CHALLENGE, code_challenge_method: 'S256' }), OTHER_PROVISIONING_KEY));
    const minted = await app.oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code, codeVerifier: VERIFIER } });
    expect(minted.userId).toBe('acct_b');

    t.upstream.next({ json: FIXTURES.openaiText() });
    const ours = await new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 }).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const read = (key: string) => call(t, 'GET', `/generation?id=${ours.id}`, key);
    expect((await read(PROVISIONING_KEY)).status).toBe(200);
    expect((await read(minted.key)).status).toBe(404);
    expect((await read(OTHER_PROVISIONING_KEY)).status).toBe(404);
  });
});

describe('configured TTL and callback allow-list', () => {
  let short: OAuthGateway;
  beforeAll(async () => {
    short = await startOAuthGateway({ config: { oauth: { code_ttl_ms: 1000, allowed_callback_origins: ['https://app.example', 'http://localhost:*'] } } });
  });
  afterAll(async () => short.t.close());

  it('an expired code is refused', async () => {
    const code = codeFrom(await approveConsent(consentUrl(short.origin, { callback_url: 'http://localhost:9/cb', code_challenge: CHALLENGE, code_challenge_method: 'S256' }), PROVISIONING_KEY));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await exchange(short.t.baseURL, { code, code_verifier: VERIFIER })).toMatchObject({ status: 403, body: { error: { code: 403, message: 'Authorization code expired' } } });
  });

  it('callback URLs outside the allow-list are refused on the page and in the API', async () => {
    const page = await openConsent(consentUrl(short.origin, { callback_url: 'https://other.example/cb' }));
    expect(page.status).toBe(400);
    expect(page.html).toContain('origin https://other.example is not allowed on this gateway');
    const admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: short.t.baseURL });
    await expect(admin.oAuth.createAuthCode({ requestBody: { callbackUrl: 'https://other.example/cb' } })).rejects.toMatchObject({ statusCode: 400 });
    await expect(admin.oAuth.createAuthCode({ requestBody: { callbackUrl: 'https://app.example/cb' } })).resolves.toBeDefined();
  });
});
