import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { callbackWith, validateCallbackUrl } from './callback-url.js';

function refusal(raw: string, allowed?: readonly string[]): string {
  try {
    validateCallbackUrl(raw, allowed);
  } catch (error) {
    if (GatewayError.is(error)) {
      expect(error.status).toBe(400);
      return error.message;
    }
    throw error;
  }
  throw new Error(`${raw} was accepted`);
}

describe('validateCallbackUrl', () => {
  it('accepts https anywhere and http on localhost or 127.0.0.1 with any port', () => {
    for (const ok of ['https://app.example/cb', 'https://app.example:8443/a/b?state=x', 'http://localhost/cb', 'http://localhost:53682/', 'http://127.0.0.1:3000/callback']) {
      expect(validateCallbackUrl(ok, undefined).toString()).toBe(new URL(ok).toString());
    }
  });

  it.each([
    ['http://app.example/cb', /must use https/],
    ['http://192.168.1.2:3000/cb', /must use https/],
    ['http://localhost.evil.example/cb', /must use https/],
    ['javascript:alert(1)', /must use https/],
    ['data:text/html,hi', /must use https/],
    ['ftp://app.example/', /must use https/],
    ['/relative/callback', /absolute URL/],
    ['not a url', /absolute URL/],
    ['https://user:pass@app.example/cb', /credentials/],
    ['https://user@app.example/cb', /credentials/],
    ['https://app.example/cb#frag', /fragment/],
    ['https://app.example/cb#', /fragment/],
    [`https://app.example/${'a'.repeat(2100)}`, /at most 2048/],
  ])('refuses %s', (raw, why) => {
    expect(refusal(raw)).toMatch(why);
  });

  it('applies the operator allow-list: exact origins, and loopback with any port via ":*"', () => {
    const allowed = ['https://app.example', 'http://localhost:*'];
    expect(validateCallbackUrl('https://app.example/cb', allowed).host).toBe('app.example');
    expect(validateCallbackUrl('http://localhost:4567/cb', allowed).port).toBe('4567');
    expect(refusal('https://app.example:8443/cb', allowed)).toMatch(/origin https:\/\/app.example:8443 is not allowed/);
    expect(refusal('https://other.example/cb', allowed)).toMatch(/not allowed/);
    expect(refusal('http://127.0.0.1:4567/cb', allowed)).toMatch(/not allowed/);
  });
});

describe('callbackWith', () => {
  it('adds parameters and keeps the app\'s own query', () => {
    expect(callbackWith('https://app.example/cb?state=abc', { code: 'x y' })).toBe('https://app.example/cb?state=abc&code=x+y');
    expect(callbackWith('http://localhost:3000/', { error: 'access_denied' })).toBe('http://localhost:3000/?error=access_denied');
  });

  it('replaces a code parameter the app put in its own URL', () => {
    expect(callbackWith('https://app.example/cb?code=forged', { code: 'real' })).toBe('https://app.example/cb?code=real');
  });
});
