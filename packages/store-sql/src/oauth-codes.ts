import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CodeChallengeMethod, NewOAuthCode, OAuthCodeRecord, OAuthCodeRepository } from '@switchyard/core';
import {
  fromDbInteger,
  fromEpochMs,
  fromNullableEpochMs,
  parseLimitReset,
  toEpochMs,
  toNullableEpochMs,
  toNullableMicro,
  toDbNullableInteger,
} from './codec.js';
import type { Database, DbInteger, DbNullableInteger } from './schema.js';

/** `oauth_codes` (migration 0005-oauth). */
export interface OAuthCodesTable {
  /** SHA-256 hex of the code (primary key). */
  code_hash: string;
  account_id: string;
  approved_by_key_id: string;
  callback_url: string | null;
  code_challenge: string | null;
  /** 'S256' | 'plain' | null (CHECK constraint; null exactly when code_challenge is null). */
  code_challenge_method: string | null;
  limit_micro: DbNullableInteger;
  /** 'daily' | 'weekly' | 'monthly' | null (CHECK constraint). */
  limit_reset: string | null;
  key_label: string | null;
  key_expires_at: DbNullableInteger;
  created_at: DbInteger;
  expires_at: DbInteger;
  consumed_at: DbNullableInteger;
}

export function oauthCodeRepository(db: Kysely<Database>): OAuthCodeRepository {
  const findByHash = async (codeHash: string): Promise<OAuthCodeRecord | undefined> => {
    const row = await db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    return row === undefined ? undefined : oauthCodeFromRow(row);
  };
  return {
    async create(input) {
      const row = await db.insertInto('oauth_codes').values(oauthCodeToRow(input)).returningAll().executeTakeFirstOrThrow();
      return oauthCodeFromRow(row);
    },
    findByHash,
    async consume(codeHash, at) {
      // One conditional UPDATE: under PostgreSQL's row lock and SQLite's single writer, exactly one
      // of any number of racing callers sees `consumed_at is null` and gets the row back.
      const row = await db
        .updateTable('oauth_codes')
        .set({ consumed_at: toEpochMs(at, 'consumedAt') })
        .where('code_hash', '=', codeHash)
        .where('consumed_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) return { outcome: 'consumed', code: oauthCodeFromRow(row) };
      const existing = await findByHash(codeHash);
      return existing === undefined ? { outcome: 'unknown' } : { outcome: 'already_used', code: existing };
    },
    async deleteExpired(before) {
      const result = await db.deleteFrom('oauth_codes').where('expires_at', '<', toEpochMs(before, 'before')).executeTakeFirst();
      return fromDbInteger(result.numDeletedRows, 'numDeletedRows');
    },
  };
}

function oauthCodeToRow(input: NewOAuthCode): Insertable<OAuthCodesTable> {
  return {
    code_hash: input.codeHash,
    account_id: input.accountId,
    approved_by_key_id: input.approvedByKeyId,
    callback_url: input.callbackUrl,
    code_challenge: input.codeChallenge,
    code_challenge_method: input.codeChallengeMethod,
    limit_micro: toDbNullableInteger(input.limitMicro, 'limitMicro'),
    limit_reset: input.limitReset,
    key_label: input.keyLabel,
    key_expires_at: toNullableEpochMs(input.keyExpiresAt, 'keyExpiresAt'),
    created_at: toEpochMs(input.createdAt, 'createdAt'),
    expires_at: toEpochMs(input.expiresAt, 'expiresAt'),
    consumed_at: null,
  };
}

function oauthCodeFromRow(row: Selectable<OAuthCodesTable>): OAuthCodeRecord {
  return {
    codeHash: row.code_hash,
    accountId: row.account_id,
    approvedByKeyId: row.approved_by_key_id,
    callbackUrl: row.callback_url,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: parseMethod(row.code_challenge_method),
    limitMicro: toNullableMicro(row.limit_micro, 'oauth_codes.limit_micro'),
    limitReset: parseLimitReset(row.limit_reset),
    keyLabel: row.key_label,
    keyExpiresAt: fromNullableEpochMs(row.key_expires_at, 'oauth_codes.key_expires_at'),
    createdAt: fromEpochMs(row.created_at, 'oauth_codes.created_at'),
    expiresAt: fromEpochMs(row.expires_at, 'oauth_codes.expires_at'),
    consumedAt: fromNullableEpochMs(row.consumed_at, 'oauth_codes.consumed_at'),
  };
}

function parseMethod(value: string | null): CodeChallengeMethod | null {
  if (value === null || value === 'S256' || value === 'plain') return value;
  throw new RangeError(`oauth_codes.code_challenge_method: unknown value ${JSON.stringify(value)}`);
}
