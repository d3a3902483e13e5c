import { GatewayError, isRecord, type CodeChallengeMethod } from '@switchyard/core';
import { isValidVerifier } from './pkce.js';

/** `POST /auth/keys` body: `{code, code_verifier?, code_challenge_method?}`. */
export interface ExchangeRequest {
  readonly code: string;
  readonly codeVerifier: string | null;
  readonly codeChallengeMethod: CodeChallengeMethod | null;
}

/** 400 for a malformed body, before the code is looked at (a malformed request does not use the code up). */
export function parseExchangeRequest(body: unknown): ExchangeRequest {
  if (!isRecord(body)) throw new GatewayError('invalid_request', 'Request body must be a JSON object');
  const { code, code_verifier: verifier, code_challenge_method: method } = body;
  if (typeof code !== 'string' || code === '') throw new GatewayError('invalid_request', 'code: Required (the code from the OAuth redirect)');
  if (code.length > 512) throw new GatewayError('invalid_request', 'code: too long');
  if (method !== undefined && method !== null && method !== 'S256' && method !== 'plain') {
    throw new GatewayError('invalid_request', 'Invalid code_challenge_method: expected "S256" or "plain"');
  }
  if (verifier !== undefined && verifier !== null && (typeof verifier !== 'string' || !isValidVerifier(verifier))) {
    throw new GatewayError('invalid_request', 'code_verifier: must be 43-128 characters of [A-Za-z0-9-._~] (RFC 7636)');
  }
  return { code, codeVerifier: verifier ?? null, codeChallengeMethod: method ?? null };
}
