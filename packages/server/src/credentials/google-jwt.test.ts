import { createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rsaKeyPair, serviceAccountJson } from './__fixtures__/credentials-test-kit.js';
import { CLOUD_PLATFORM_SCOPE, signServiceAccountJwt } from './google-jwt.js';
import { DEFAULT_TOKEN_URI, parseServiceAccount } from './service-account.js';

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('signServiceAccountJwt', () => {
  const keys = rsaKeyPair();
  const account = parseServiceAccount(serviceAccountJson(keys.privateKey), 'test');
  const now = new Date('2026-03-01T12:00:00.750Z');
  const jwt = signServiceAccountJwt(account, now);
  const [header, claims, signature] = jwt.split('.');

  it('is an RS256 JWT whose signature verifies with the key pair public key', () => {
    expect(jwt.split('.')).toHaveLength(3);
    expect(decodePart(header)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    const verifier = createVerify('RSA-SHA256').update(`${header}.${claims}`);
    expect(verifier.verify(keys.publicKey, Buffer.from(signature ?? '', 'base64url'))).toBe(true);
  });

  it('does not verify with another key (the check is real)', () => {
    const other = rsaKeyPair();
    const verifier = createVerify('RSA-SHA256').update(`${header}.${claims}`);
    expect(verifier.verify(other.publicKey, Buffer.from(signature ?? '', 'base64url'))).toBe(false);
  });

  it('claims iss, scope, aud (the token URI), iat and a one-hour exp', () => {
    const iat = Math.floor(now.getTime() / 1000);
    expect(decodePart(claims)).toEqual({
      iss: 'switchyard@test-project.iam.gserviceaccount.com',
      scope: CLOUD_PLATFORM_SCOPE,
      aud: DEFAULT_TOKEN_URI,
      iat,
      exp: iat + 3600,
    });
    expect(CLOUD_PLATFORM_SCOPE).toBe('https://www.googleapis.com/auth/cloud-platform');
  });

  it('uses the key file token_uri as the audience', () => {
    const custom = parseServiceAccount(serviceAccountJson(keys.privateKey, 'http://127.0.0.1:1/token'), 'test');
    expect(decodePart(signServiceAccountJwt(custom, now).split('.')[1])['aud']).toBe('http://127.0.0.1:1/token');
  });
});
