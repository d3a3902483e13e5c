import { GatewayError, type ApiKeyRecord, type Clock, type MicroUsd } from '@switchyard/core';
import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../keys/api-key-secret.js';
import type { CodeRequest } from './code-request.js';
import { DEFAULT_OAUTH_SETTINGS } from './oauth-config.js';
import { OAuthService } from './oauth-service.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const T0 = new Date('2026-03-01T12:00:00.000Z');

const S256_REQUEST: CodeRequest = {
  callbackUrl: 'https://app.example/cb',
  codeChallenge: CHALLENGE,
  codeChallengeMethod: 'S256',
  limitMicro: null,
  limitReset: null,
  keyLabel: null,
  keyExpiresAt: null,
};

let store: SqlStore;
let now: Date;
let service: OAuthService;
let approver: ApiKeyRecord;

beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:' });
  await store.migrate();
  now = T0;
  const clock: Clock = { now: () => now, monotonicMs: () => now.getTime() };
  service = new OAuthService({ store, clock, settings: DEFAULT_OAUTH_SETTINGS });
  await store.accounts.ensure({ id: 'acct_a', name: 'A', createdAt: T0 });
  approver = await store.keys.create({ id: 'key_prov', hash: 'hash_prov', label: 'p', name: 'Provisioning', kind: 'provisioning', accountId: 'acct_a', createdAt: T0 });
});
afterEach(() => store.close());

async function refusal(run: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error: unknown = await run.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  if (!GatewayError.is(error)) throw error;
  return { status: error.status, message: error.message };
}

describe('OAuthService.issueCode', () => {
  it('stores only the hash of a 256-bit code that expires after the configured TTL', async () => {
    const { code, record } = await service.issueCode(approver, S256_REQUEST);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ codeHash: hashSecret(code), accountId: 'acct_a', approvedByKeyId: 'key_prov', createdAt: T0 });
    expect(record.expiresAt.getTime() - T0.getTime()).toBe(600_000);
    expect(JSON.stringify(await store.oauthCodes.findByHash(hashSecret(code)))).not.toContain(code);
  });

  it('refuses an inference key: it could mint keys past its own limit', async () => {
    const inference = await store.keys.create({ id: 'key_inf', hash: 'hash_inf', label: 'i', name: 'Inference', kind: 'inference', accountId: 'acct_a', createdAt: T0 });
    const { status, message } = await refusal(service.issueCode(inference, S256_REQUEST));
    expect(status).toBe(403);
    expect(message).toMatch(/provisioning/);
  });

  it('purges codes that expired more than a day ago', async () => {
    const old = await service.issueCode(approver, S256_REQUEST);
    now = new Date(T0.getTime() + 25 * 3600_000);
    await service.issueCode(approver, S256_REQUEST);
    expect(await store.oauthCodes.findByHash(old.record.codeHash)).toBeUndefined();
  });
});

describe('OAuthService.exchange', () => {
  it('mints an inference key of the approving account with the requested limit, reset, label and expiry', async () => {
    const expiry = new Date('2027-01-01T00:00:00.000Z');
    const { code } = await service.issueCode(approver, { ...S256_REQUEST, limitMicro: 2_500_000 as MicroUsd, limitReset: 'weekly', keyLabel: 'My CLI', keyExpiresAt: expiry });
    const { key, record } = await service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' });
    expect(key).toMatch(/^sk-sy-v1-[0-9a-f]{64}$/);
    expect(record).toMatchObject({ hash: hashSecret(key), kind: 'inference', accountId: 'acct_a', name: 'My CLI', limitMicro: 2_500_000, limitReset: 'weekly', expiresAt: expiry, disabled: false });
    expect(await store.keys.findByHash(hashSecret(key))).toEqual(record);
  });

  it('names the key after the callback host by default, and works without code_challenge_method', async () => {
    const { code } = await service.issueCode(approver, { ...S256_REQUEST, callbackUrl: 'http://localhost:3000/cb' });
    const { record } = await service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: null });
    expect(record.name).toBe('OAuth: localhost:3000');
  });

  it('accepts plain, and a code without a challenge needs no verifier', async () => {
    const plain = await service.issueCode(approver, { ...S256_REQUEST, codeChallenge: VERIFIER, codeChallengeMethod: 'plain' });
    await expect(service.exchange({ code: plain.code, codeVerifier: VERIFIER, codeChallengeMethod: 'plain' })).resolves.toBeDefined();
    const none = await service.issueCode(approver, { ...S256_REQUEST, codeChallenge: null, codeChallengeMethod: null });
    await expect(service.exchange({ code: none.code, codeVerifier: null, codeChallengeMethod: null })).resolves.toBeDefined();
  });

  it('refuses a reused code', async () => {
    const { code } = await service.issueCode(approver, S256_REQUEST);
    await service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' });
    expect(await refusal(service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' }))).toEqual({ status: 403, message: 'Authorization code has already been used' });
  });

  it('refuses a wrong verifier and burns the code', async () => {
    const { code } = await service.issueCode(approver, S256_REQUEST);
    const wrong = await refusal(service.exchange({ code, codeVerifier: 'x'.repeat(43), codeChallengeMethod: 'S256' }));
    expect(wrong).toEqual({ status: 403, message: 'Invalid code_verifier: it does not match the code_challenge' });
    expect((await refusal(service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' }))).message).toMatch(/already been used/);
    expect(await store.keys.countByKind('inference')).toBe(0);
  });

  it('refuses a missing verifier, a method other than the code\'s, an unknown code, and an expired code', async () => {
    const first = await service.issueCode(approver, S256_REQUEST);
    expect((await refusal(service.exchange({ code: first.code, codeVerifier: null, codeChallengeMethod: null }))).message).toMatch(/code_verifier: Required/);
    const second = await service.issueCode(approver, S256_REQUEST);
    expect((await refusal(service.exchange({ code: second.code, codeVerifier: VERIFIER, codeChallengeMethod: 'plain' }))).message).toMatch(/created with S256/);
    expect(await refusal(service.exchange({ code: 'nope', codeVerifier: VERIFIER, codeChallengeMethod: null }))).toEqual({ status: 403, message: 'Invalid code: no such authorization code' });
    const third = await service.issueCode(approver, S256_REQUEST);
    now = new Date(T0.getTime() + 600_000);
    expect(await refusal(service.exchange({ code: third.code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' }))).toEqual({ status: 403, message: 'Authorization code expired' });
    expect(await store.keys.countByKind('inference')).toBe(0);
  });

  it('refuses when the approving key was disabled in the meantime', async () => {
    const { code } = await service.issueCode(approver, S256_REQUEST);
    await store.db.updateTable('api_keys').set({ disabled: 1 }).where('id', '=', 'key_prov').execute();
    expect((await refusal(service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' }))).message).toMatch(/no longer active/);
  });

  it('gives exactly one key when exchanges race for the same code', async () => {
    const { code } = await service.issueCode(approver, S256_REQUEST);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => service.exchange({ code, codeVerifier: VERIFIER, codeChallengeMethod: 'S256' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await store.keys.countByKind('inference')).toBe(1);
  });
});
