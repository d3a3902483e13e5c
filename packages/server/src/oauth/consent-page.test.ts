import type { MicroUsd } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { escapeHtml, pageHeaders, renderConsentForm, renderHeadlessCode } from './consent-page.js';

describe('consent page', () => {
  it('escapes everything the app controls', () => {
    const html = renderConsentForm({
      request: {
        callbackUrl: 'https://evil.example/cb?x=%22%3E%3Cscript%3E',
        codeChallenge: null,
        codeChallengeMethod: null,
        limitMicro: 1_500_000 as MicroUsd,
        limitReset: 'daily',
        keyLabel: '<img src=x onerror=alert(1)>',
        keyExpiresAt: null,
      },
      fields: { key_label: '"><script>alert(1)</script>', callback_url: "https://evil.example/'" },
      csrfToken: 'token"<',
      error: '<b>bad</b>',
    });
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(html).toContain('value="token&#34;&#60;"');
    expect(html).toContain('$1.5, reset daily');
    expect(html).toContain('none (anyone holding the code can redeem it)');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&#38;&#60;&#62;&#34;&#39;');
  });

  it('shows the headless code', () => {
    expect(renderHeadlessCode('abc_-123', new Date('2026-01-01T00:10:00.000Z'))).toContain('<code>abc_-123</code>');
  });

  it('sends a CSP with no script, no framing, and form posts only to the gateway and the callback origin', () => {
    const headers = pageHeaders('http://localhost:3000');
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self' http:\/\/localhost:3000; frame-ancestors 'none'; base-uri 'none'$/);
    expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-content-type-options': 'nosniff' });
    expect(pageHeaders(null)['content-security-policy']).toContain("form-action 'self';");
  });
});
