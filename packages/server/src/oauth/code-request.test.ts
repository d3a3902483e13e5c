import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { codeRequestFromForm, parseCodeRequest, type CodeRequestContext } from './code-request.js';
import { DEFAULT_OAUTH_SETTINGS } from './oauth-config.js';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const API: CodeRequestContext = { settings: DEFAULT_OAUTH_SETTINGS, now: NOW, headlessAllowed: false };
const PAGE: CodeRequestContext = { ...API, headlessAllowed: true };

function refusal(body: unknown, context: CodeRequestContext = API): string {
  try {
    parseCodeRequest(body, context);
  } catch (error) {
    if (GatewayError.is(error) && error.status === 400) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseCodeRequest', () => {
  it('reads OpenRouter\'s body: limit in USD to microdollars, reset, label, key expiry', () => {
    const request = parseCodeRequest(
      { callback_url: 'https://app.example/cb', code_challenge: CHALLENGE, code_challenge_method: 'S256', limit: 0.1, usage_limit_type: 'monthly', key_label: '  CLI  ', expires_at: '2027-12-31T23:59:59Z', spawn_agent: 'x' },
      API,
    );
    expect(request).toEqual({
      callbackUrl: 'https://app.example/cb',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
      limitMicro: 100_000,
      limitReset: 'monthly',
      keyLabel: 'CLI',
      keyExpiresAt: new Date('2027-12-31T23:59:59Z'),
    });
  });

  it('defaults the method to plain (RFC 7636 §4.3) and allows no challenge at all', () => {
    const verifier = 'a'.repeat(50);
    expect(parseCodeRequest({ callback_url: 'https://app.example/cb', code_challenge: verifier }, API)).toMatchObject({ codeChallenge: verifier, codeChallengeMethod: 'plain' });
    expect(parseCodeRequest({ callback_url: 'https://app.example/cb' }, API)).toMatchObject({ codeChallenge: null, codeChallengeMethod: null });
  });

  it.each([
    [{}, /callback_url: Required/],
    [{ callback_url: 'http://app.example/cb' }, /callback_url: must use https/],
    [{ callback_url: 'https://app.example/cb', code_challenge_method: 'S256' }, /code_challenge: Required when code_challenge_method/],
    [{ callback_url: 'https://app.example/cb', code_challenge: 'short', code_challenge_method: 'S256' }, /not a valid S256 challenge/],
    [{ callback_url: 'https://app.example/cb', code_challenge: CHALLENGE, code_challenge_method: 'S512' }, /code_challenge_method/],
    [{ callback_url: 'https://app.example/cb', limit: -1 }, /limit/],
    [{ callback_url: 'https://app.example/cb', limit: '5' }, /limit/],
    [{ callback_url: 'https://app.example/cb', expires_at: '2020-01-01T00:00:00Z' }, /expires_at: must be in the future/],
    [{ callback_url: 'https://app.example/cb', expires_at: 'tomorrow' }, /expires_at/],
    [{ callback_url: 'https://app.example/cb', key_label: 'x'.repeat(101) }, /key_label/],
    [{ callback_url: 'https://app.example/cb', workspace_id: '7e1d' }, /workspaces are not supported/],
    [{ callback_url: 'https://app.example/cb', scope: 'all' }, /scope/],
    ['not an object', /\(body\)/],
  ])('refuses %j', (body, why) => {
    expect(refusal(body)).toMatch(why);
  });

  it('headless (consent page only): no callback_url, but then a challenge is required', () => {
    expect(parseCodeRequest({ code_challenge: CHALLENGE, code_challenge_method: 'S256' }, PAGE).callbackUrl).toBeNull();
    expect(refusal({}, PAGE)).toMatch(/code_challenge: Required when there is no callback_url/);
  });

  it('require_code_challenge refuses codes without PKCE', () => {
    const strict = { ...API, settings: { ...DEFAULT_OAUTH_SETTINGS, requireCodeChallenge: true } };
    expect(refusal({ callback_url: 'https://app.example/cb' }, strict)).toMatch(/Required by this gateway/);
  });
});

describe('codeRequestFromForm', () => {
  it('drops empty fields and reads limit as a number only when it is one', () => {
    expect(codeRequestFromForm({ callback_url: 'https://a.example/', limit: '2.5', key_label: '' })).toEqual({ callback_url: 'https://a.example/', limit: 2.5 });
    expect(codeRequestFromForm({ limit: '1e3' })).toEqual({ limit: '1e3' });
  });
});
