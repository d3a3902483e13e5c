import type { Insertable, Selectable } from 'kysely';
import type { AccountRecord, ApiKeyRecord, GenerationRecord, NewApiKey } from '@switchyard/core';
import {
  decodeAttempts,
  encodeAttempts,
  fromDbBoolean,
  fromDbInteger,
  fromDbNullableInteger,
  fromEpochMs,
  fromNullableEpochMs,
  parseGenerationStatus,
  parseKeyKind,
  parseLimitReset,
  toDbBoolean,
  toDbInt32,
  toDbInteger,
  toDbNullableInt32,
  toDbNullableInteger,
  toEpochMs,
  toMicro,
  toNullableEpochMs,
  toNullableMicro,
} from './codec.js';
import type { AccountsTable, ApiKeysTable, GenerationsTable } from './schema.js';

export function accountToRow(account: AccountRecord): Insertable<AccountsTable> {
  return { id: account.id, name: account.name, created_at: toEpochMs(account.createdAt, 'account.createdAt') };
}

export function accountFromRow(row: Selectable<AccountsTable>): AccountRecord {
  return { id: row.id, name: row.name, createdAt: fromEpochMs(row.created_at, 'accounts.created_at') };
}

export function newKeyToRow(input: NewApiKey): Insertable<ApiKeysTable> {
  return {
    id: input.id,
    hash: input.hash,
    label: input.label,
    name: input.name,
    kind: input.kind,
    account_id: input.accountId,
    limit_micro: toDbNullableInteger(input.limitMicro ?? null, 'key.limitMicro'),
    limit_reset: input.limitReset ?? null,
    include_byok_in_limit: toDbBoolean(input.includeByokInLimit ?? false),
    disabled: 0,
    created_at: toEpochMs(input.createdAt, 'key.createdAt'),
    updated_at: null,
    expires_at: toNullableEpochMs(input.expiresAt ?? null, 'key.expiresAt'),
    creator_user_id: input.creatorUserId ?? null,
  };
}

export function keyFromRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    hash: row.hash,
    label: row.label,
    name: row.name,
    kind: parseKeyKind(row.kind),
    accountId: row.account_id,
    limitMicro: toNullableMicro(row.limit_micro, 'api_keys.limit_micro'),
    limitReset: parseLimitReset(row.limit_reset),
    includeByokInLimit: fromDbBoolean(row.include_byok_in_limit),
    disabled: fromDbBoolean(row.disabled),
    createdAt: fromEpochMs(row.created_at, 'api_keys.created_at'),
    updatedAt: fromNullableEpochMs(row.updated_at, 'api_keys.updated_at'),
    expiresAt: fromNullableEpochMs(row.expires_at, 'api_keys.expires_at'),
    ...(row.creator_user_id === null ? {} : { creatorUserId: row.creator_user_id }),
  };
}

/** Validates numbers before any SQL runs, so SQLite and PostgreSQL refuse the same rows. */
export function generationToRow(g: GenerationRecord): Insertable<GenerationsTable> {
  const at = (field: string): string => `generation ${g.id}: ${field}`;
  return {
    id: g.id,
    key_id: g.keyId,
    account_id: g.accountId,
    upstream_id: g.upstreamId,
    model: g.model,
    provider_id: g.providerId,
    provider_name: g.providerName,
    upstream_model: g.upstreamModel,
    streamed: toDbBoolean(g.streamed),
    cancelled: toDbBoolean(g.cancelled),
    status: g.status,
    finish_reason: g.finishReason,
    native_finish_reason: g.nativeFinishReason,
    tokens_prompt: toDbInt32(g.tokensPrompt, at('tokensPrompt')),
    tokens_completion: toDbInt32(g.tokensCompletion, at('tokensCompletion')),
    native_tokens_prompt: toDbInt32(g.nativeTokensPrompt, at('nativeTokensPrompt')),
    native_tokens_completion: toDbInt32(g.nativeTokensCompletion, at('nativeTokensCompletion')),
    native_tokens_reasoning: toDbInt32(g.nativeTokensReasoning, at('nativeTokensReasoning')),
    native_tokens_cached: toDbInt32(g.nativeTokensCached, at('nativeTokensCached')),
    native_tokens_cache_write: toDbInt32(g.nativeTokensCacheWrite, at('nativeTokensCacheWrite')),
    num_media_prompt: toDbInt32(g.numMediaPrompt, at('numMediaPrompt')),
    cost_micro: toDbInteger(g.costMicro, at('costMicro')),
    upstream_cost_micro: toDbInteger(g.upstreamCostMicro, at('upstreamCostMicro')),
    is_byok: toDbBoolean(g.isByok),
    latency_ms: toDbNullableInt32(g.latencyMs, at('latencyMs')),
    generation_time_ms: toDbNullableInt32(g.generationTimeMs, at('generationTimeMs')),
    created_at: toEpochMs(g.createdAt, at('createdAt')),
    app_title: g.appTitle,
    http_referer: g.httpReferer,
    user_agent: g.userAgent,
    external_user: g.externalUser,
    session_id: g.sessionId,
    error_code: g.errorCode,
    error_message: g.errorMessage,
    attempts: encodeAttempts(g.attempts),
  };
}

export function generationFromRow(row: Selectable<GenerationsTable>): GenerationRecord {
  const int = (value: number | string | bigint, column: string): number => fromDbInteger(value, `generations.${column}`);
  return {
    id: row.id,
    keyId: row.key_id,
    accountId: row.account_id,
    upstreamId: row.upstream_id,
    model: row.model,
    providerId: row.provider_id,
    providerName: row.provider_name,
    upstreamModel: row.upstream_model,
    streamed: fromDbBoolean(row.streamed),
    cancelled: fromDbBoolean(row.cancelled),
    status: parseGenerationStatus(row.status),
    finishReason: row.finish_reason,
    nativeFinishReason: row.native_finish_reason,
    tokensPrompt: int(row.tokens_prompt, 'tokens_prompt'),
    tokensCompletion: int(row.tokens_completion, 'tokens_completion'),
    nativeTokensPrompt: int(row.native_tokens_prompt, 'native_tokens_prompt'),
    nativeTokensCompletion: int(row.native_tokens_completion, 'native_tokens_completion'),
    nativeTokensReasoning: int(row.native_tokens_reasoning, 'native_tokens_reasoning'),
    nativeTokensCached: int(row.native_tokens_cached, 'native_tokens_cached'),
    nativeTokensCacheWrite: int(row.native_tokens_cache_write, 'native_tokens_cache_write'),
    numMediaPrompt: int(row.num_media_prompt, 'num_media_prompt'),
    costMicro: toMicro(row.cost_micro, 'generations.cost_micro'),
    upstreamCostMicro: toMicro(row.upstream_cost_micro, 'generations.upstream_cost_micro'),
    isByok: fromDbBoolean(row.is_byok),
    latencyMs: fromDbNullableInteger(row.latency_ms, 'generations.latency_ms'),
    generationTimeMs: fromDbNullableInteger(row.generation_time_ms, 'generations.generation_time_ms'),
    createdAt: fromEpochMs(row.created_at, 'generations.created_at'),
    appTitle: row.app_title,
    httpReferer: row.http_referer,
    userAgent: row.user_agent,
    externalUser: row.external_user,
    sessionId: row.session_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: decodeAttempts(row.attempts, row.id),
  };
}
