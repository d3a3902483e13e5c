import { createSign } from 'node:crypto';
import type { ServiceAccount } from './service-account.js';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** Lifetime of the signed assertion (Google accepts at most one hour). */
const ASSERTION_LIFETIME_S = 3600;

function base64Url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * The RS256-signed JWT a service account exchanges for an access token (OAuth 2.0 JWT bearer grant,
 * RFC 7523): iss = the account, scope = cloud-platform, aud = the token endpoint, one hour validity.
 */
export function signServiceAccountJwt(account: ServiceAccount, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(account.privateKeyId === undefined ? {} : { kid: account.privateKeyId }) };
  const claims = {
    iss: account.clientEmail,
    scope: CLOUD_PLATFORM_SCOPE,
    aud: account.tokenUri,
    iat,
    exp: iat + ASSERTION_LIFETIME_S,
  };
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(account.privateKey);
  return `${signingInput}.${base64Url(signature)}`;
}
