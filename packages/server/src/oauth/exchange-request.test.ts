import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { parseExchangeRequest } from './exchange-request.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('parseExchangeRequest', () => {
  it('reads code, verifier and method; the latter two are optional or null', () => {
    expect(parseExchangeRequest({ code: 'c', code_verifier: VERIFIER, code_challenge_method: 'S256' })).toEqual({ code: 'c', codeVerifier: VERIFIER, codeChallengeMethod: 'S256' });
    expect(parseExchangeRequest({ code: 'c', code_challenge_method: null })).toEqual({ code: 'c', codeVerifier: null, codeChallengeMethod: null });
  });

  it.each([
    [[], /JSON object/],
    [{}, /code: Required/],
    [{ code: '' }, /code: Required/],
    [{ code: 42 }, /code: Required/],
    [{ code: 'x'.repeat(513) }, /too long/],
    [{ code: 'c', code_challenge_method: 'S512' }, /Invalid code_challenge_method/],
    [{ code: 'c', code_verifier: 'short' }, /43-128 characters/],
    [{ code: 'c', code_verifier: 12 }, /43-128 characters/],
  ])('refuses %j with 400', (body, why) => {
    const run = () => parseExchangeRequest(body);
    expect(run).toThrow(why);
    expect(run).toThrow(GatewayError);
  });
});
