import { createHash, timingSafeEqual } from 'node:crypto';
import type { CodeChallengeMethod } from '@switchyard/core';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. A `plain` challenge is a verifier, so the same rule. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** BASE64URL(SHA256(…)) without padding: always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function isValidChallenge(method: CodeChallengeMethod, challenge: string): boolean {
  return method === 'S256' ? S256_CHALLENGE.test(challenge) : VERIFIER.test(challenge);
}

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Whether `verifier` answers `challenge` under `method`; compared in constant time. */
export function verifierMatches(method: CodeChallengeMethod, challenge: string, verifier: string): boolean {
  const expected = Buffer.from(challenge, 'utf8');
  const actual = Buffer.from(method === 'S256' ? s256Challenge(verifier) : verifier, 'utf8');
  // Lengths are public (43 for S256; the verifier's own length for plain), so the early return leaks nothing.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
