import { describe, expect, it } from 'vitest';
import { isValidChallenge, isValidVerifier, s256Challenge, verifierMatches } from './pkce.js';

// RFC 7636 Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('computes the RFC 7636 Appendix B challenge from its verifier', () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
    expect(verifierMatches('S256', RFC_CHALLENGE, RFC_VERIFIER)).toBe(true);
  });

  it('refuses a verifier that differs in one character, or the challenge itself under S256', () => {
    expect(verifierMatches('S256', RFC_CHALLENGE, `${RFC_VERIFIER.slice(0, -1)}K`)).toBe(false);
    expect(verifierMatches('S256', RFC_CHALLENGE, RFC_CHALLENGE)).toBe(false);
  });

  it('plain compares the verifier with the challenge itself', () => {
    expect(verifierMatches('plain', RFC_VERIFIER, RFC_VERIFIER)).toBe(true);
    expect(verifierMatches('plain', RFC_VERIFIER, `${RFC_VERIFIER}x`)).toBe(false);
    expect(verifierMatches('plain', RFC_VERIFIER, RFC_CHALLENGE)).toBe(false);
  });

  it('validates verifiers (43-128 unreserved characters) and challenges per method', () => {
    expect(isValidVerifier(RFC_VERIFIER)).toBe(true);
    expect(isValidVerifier('a'.repeat(42))).toBe(false);
    expect(isValidVerifier('a'.repeat(128))).toBe(true);
    expect(isValidVerifier('a'.repeat(129))).toBe(false);
    expect(isValidVerifier(`${'a'.repeat(43)} `)).toBe(false);
    expect(isValidVerifier(`${'a'.repeat(43)}+`)).toBe(false);
    expect(isValidChallenge('S256', RFC_CHALLENGE)).toBe(true);
    expect(isValidChallenge('S256', `${RFC_CHALLENGE}=`)).toBe(false);
    expect(isValidChallenge('S256', RFC_VERIFIER.replace('-', '.'))).toBe(false);
    expect(isValidChallenge('plain', 'a.b~c'.repeat(10))).toBe(true);
  });
});
