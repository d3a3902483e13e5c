import type { ColumnType } from 'kysely';
import type { LedgerTables } from './ledger/ledger-schema.js';
import type { OAuthCodesTable } from './oauth-codes.js';

/**
 * Column types shared by SQLite and PostgreSQL.
 *
 * - Integers (money in microdollars, epoch-millisecond timestamps, token counts) are written as JS
 *   numbers. They are read back as `number` (SQLite, PostgreSQL int4) or as a decimal `string`
 *   (PostgreSQL int8, SUM and COUNT results); `codec.ts` converts them to safe JS numbers.
 * - Booleans are written as 0/1. SQLite stores the integer; PostgreSQL's `boolean` accepts the
 *   literal and reads back as `true`/`false`.
 */
export type DbInteger = ColumnType<number | string | bigint, number, number>;

/** What an aggregate (`count(*)`, `sum(…)`) reads as: the drivers return numbers, strings or bigints. */
export type DbCount = number | string | bigint;
export type DbNullableInteger = ColumnType<number | string | bigint | null, number | null, number | null>;
export type DbBoolean = ColumnType<boolean | number, 0 | 1, 0 | 1>;

export interface AccountsTable {
  id: string;
  name: string;
  created_at: DbInteger;
  /** 'personal' (default) | 'organization' (migration 0007). */
  kind: ColumnType<string, string | undefined, string>;
}

export interface ApiKeysTable {
  id: string;
  /** SHA-256 hex of the secret (unique). */
  hash: string;
  label: string;
  name: string;
  /** 'inference' | 'provisioning' (CHECK constraint). */
  kind: string;
  account_id: string;
  limit_micro: DbNullableInteger;
  /** 'daily' | 'weekly' | 'monthly' | null (CHECK constraint). */
  limit_reset: string | null;
  include_byok_in_limit: DbBoolean;
  disabled: DbBoolean;
  created_at: DbInteger;
  updated_at: DbNullableInteger;
  expires_at: DbNullableInteger;
  /** Set when the key was deleted (soft delete, migration 0003); null while it is live. */
  deleted_at: DbNullableInteger;
  /** The user who created the key (migration 0007); null for keys without one. */
  creator_user_id: string | null;
}

export interface GenerationsTable {
  id: string;
  key_id: string;
  account_id: string;
  upstream_id: string | null;
  model: string;
  provider_id: string | null;
  provider_name: string | null;
  upstream_model: string | null;
  streamed: DbBoolean;
  cancelled: DbBoolean;
  /** 'success' | 'error' | 'cancelled' (CHECK constraint). */
  status: string;
  finish_reason: string | null;
  native_finish_reason: string | null;
  tokens_prompt: DbInteger;
  tokens_completion: DbInteger;
  native_tokens_prompt: DbInteger;
  native_tokens_completion: DbInteger;
  native_tokens_reasoning: DbInteger;
  native_tokens_cached: DbInteger;
  native_tokens_cache_write: DbInteger;
  num_media_prompt: DbInteger;
  cost_micro: DbInteger;
  upstream_cost_micro: DbInteger;
  is_byok: DbBoolean;
  latency_ms: DbNullableInteger;
  generation_time_ms: DbNullableInteger;
  created_at: DbInteger;
  app_title: string | null;
  http_referer: string | null;
  user_agent: string | null;
  external_user: string | null;
  session_id: string | null;
  error_code: string | null;
  error_message: string | null;
  /** JSON text: ProviderAttempt[]. */
  attempts: string;
}

export interface Database extends LedgerTables {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  generations: GenerationsTable;
  oauth_codes: OAuthCodesTable;
}
