import { randomBytes } from 'node:crypto';
import { GatewayError, type ApiKeyRecord, type Clock, type NewApiKey, type OAuthCodeRecord, type Store } from '@switchyard/core';
import { generateSecret, hashSecret, maskSecret, newKeyId } from '../keys/api-key-secret.js';
import type { CodeRequest } from './code-request.js';
import type { ExchangeRequest } from './exchange-request.js';
import type { OAuthSettings } from './oauth-config.js';
import { verifierMatches } from './pkce.js';

/** Used codes stay this long past their expiry, so that a late retry hears "already used", not "invalid". */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

export interface IssuedCode {
  /** The code itself (shown or sent once; only its hash is stored). */
  readonly code: string;
  readonly record: OAuthCodeRecord;
}

export interface ExchangedKey {
  readonly key: string;
  readonly record: ApiKeyRecord;
}

export interface OAuthServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: OAuthSettings;
}

/** The PKCE flow: an account's provisioning key approves a code; the app trades code + verifier for an inference key. */
export class OAuthService {
  constructor(private readonly deps: OAuthServiceDeps) {}

  get settings(): OAuthSettings {
    return this.deps.settings;
  }

  /** A new single-use code for `approver`'s account; 403 unless `approver` is a provisioning key. */
  async issueCode(approver: ApiKeyRecord, request: CodeRequest): Promise<IssuedCode> {
    if (approver.kind !== 'provisioning') {
      throw new GatewayError('forbidden', 'Only management (provisioning) keys can approve OAuth authorization codes');
    }
    const now = this.deps.clock.now();
    await this.deps.store.oauthCodes.deleteExpired(new Date(now.getTime() - KEEP_EXPIRED_MS));
    const code = randomBytes(32).toString('base64url');
    const record = await this.deps.store.oauthCodes.create({
      codeHash: hashSecret(code),
      accountId: approver.accountId,
      approvedByKeyId: approver.id,
      ...request,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.deps.settings.codeTtlMs),
    });
    return { code, record };
  }

  /**
   * Consumes the code and mints its key in one transaction. Any refusal after the code was found
   * (expired, wrong verifier, approving key gone) still uses the code up: a code presented with a
   * wrong verifier is treated as intercepted.
   */
  async exchange(request: ExchangeRequest): Promise<ExchangedKey> {
    const now = this.deps.clock.now();
    const secret = generateSecret();
    const outcome = await this.deps.store.transaction(async (tx): Promise<GatewayError | ApiKeyRecord> => {
      const consumption = await tx.oauthCodes.consume(hashSecret(request.code), now);
      if (consumption.outcome === 'unknown') return refusal('Invalid code: no such authorization code');
      if (consumption.outcome === 'already_used') return refusal('Authorization code has already been used');
      const code = consumption.code;
      const problem = checkExchange(code, request, now) ?? checkApprover(await tx.keys.findById(code.approvedByKeyId), now);
      if (problem !== undefined) return problem;
      return tx.keys.create(mintedKey(code, secret, now));
    });
    if (GatewayError.is(outcome)) throw outcome;
    return { key: secret, record: outcome };
  }
}

function refusal(message: string): GatewayError {
  return new GatewayError('forbidden', message);
}

function checkExchange(code: OAuthCodeRecord, request: ExchangeRequest, now: Date): GatewayError | undefined {
  if (code.expiresAt.getTime() <= now.getTime()) return refusal('Authorization code expired');
  if (code.codeChallenge === null || code.codeChallengeMethod === null) return undefined;
  if (request.codeChallengeMethod !== null && request.codeChallengeMethod !== code.codeChallengeMethod) {
    return refusal(`Invalid code_challenge_method: this code was created with ${code.codeChallengeMethod}`);
  }
  if (request.codeVerifier === null) return refusal('code_verifier: Required (this code was created with a code_challenge)');
  if (!verifierMatches(code.codeChallengeMethod, code.codeChallenge, request.codeVerifier)) {
    return refusal('Invalid code_verifier: it does not match the code_challenge');
  }
  return undefined;
}

function checkApprover(approver: ApiKeyRecord | undefined, now: Date): GatewayError | undefined {
  const active = approver !== undefined && !approver.disabled && (approver.expiresAt === null || approver.expiresAt.getTime() > now.getTime());
  return active ? undefined : refusal('The key that approved this authorization code is no longer active');
}

function mintedKey(code: OAuthCodeRecord, secret: string, now: Date): NewApiKey {
  return {
    id: newKeyId(),
    hash: hashSecret(secret),
    label: maskSecret(secret),
    name: code.keyLabel ?? `OAuth: ${code.callbackUrl === null ? 'headless' : new URL(code.callbackUrl).host}`,
    kind: 'inference',
    accountId: code.accountId,
    limitMicro: code.limitMicro,
    limitReset: code.limitReset,
    createdAt: now,
    expiresAt: code.keyExpiresAt,
  };
}
