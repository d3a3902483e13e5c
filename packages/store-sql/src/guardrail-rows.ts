import type { Insertable, Selectable, Updateable } from 'kysely';
import { safeParseJson, ZDR_MODEL_GROUPS } from '@switchyard/core';
import type { GuardrailPatch, GuardrailRecord, NewGuardrail, ZdrModelGroup } from '@switchyard/core';
import {
  fromDbBoolean,
  fromEpochMs,
  fromNullableEpochMs,
  parseLimitReset,
  toDbBoolean,
  toDbNullableInteger,
  toEpochMs,
  toNullableMicro,
} from './codec.js';
import type { DbBoolean, DbInteger, DbNullableInteger } from './schema.js';

export interface GuardrailsTable {
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  limit_micro: DbNullableInteger;
  /** 'daily' | 'weekly' | 'monthly' | null (CHECK constraint). */
  reset_interval: string | null;
  include_byok_in_budgets: DbBoolean;
  /** JSON text: string[]; null for no restriction. */
  allowed_providers: string | null;
  ignored_providers: string | null;
  allowed_models: string | null;
  ignored_models: string | null;
  /** JSON text: ZdrModelGroup[]. */
  enforce_zdr: string;
  created_at: DbInteger;
  updated_at: DbNullableInteger;
}

export interface GuardrailKeyAssignmentsTable {
  id: string;
  guardrail_id: string;
  key_id: string;
  account_id: string;
  assigned_by: string | null;
  created_at: DbInteger;
}

export interface GuardrailMemberAssignmentsTable {
  id: string;
  guardrail_id: string;
  account_id: string;
  user_id: string;
  assigned_by: string | null;
  created_at: DbInteger;
}

/** The guardrail tables, added to the shared `Database` with `db.withTables<GuardrailTables>()`. */
export type GuardrailTables = {
  guardrails: GuardrailsTable;
  guardrail_key_assignments: GuardrailKeyAssignmentsTable;
  guardrail_member_assignments: GuardrailMemberAssignmentsTable;
};

function encodeList(list: readonly string[] | null | undefined): string | null {
  return list === null || list === undefined ? null : JSON.stringify(list);
}

/** Reads a list column back; the text was written by encodeList, so anything else is corruption. */
function decodeList(text: string | null, column: string): string[] | null {
  if (text === null) return null;
  const parsed = safeParseJson(text);
  if (!parsed.ok || !Array.isArray(parsed.value) || !parsed.value.every((item) => typeof item === 'string')) {
    throw new Error(`guardrails.${column} is not a JSON array of strings`);
  }
  return parsed.value as string[];
}

function decodeZdr(text: string): ZdrModelGroup[] {
  const list = decodeList(text, 'enforce_zdr') ?? [];
  return list.map((item) => {
    const group = ZDR_MODEL_GROUPS.find((known) => known === item);
    if (group === undefined) throw new RangeError(`guardrails.enforce_zdr: unknown model group ${JSON.stringify(item)}`);
    return group;
  });
}

export function newGuardrailToRow(input: NewGuardrail): Insertable<GuardrailsTable> {
  return {
    id: input.id,
    account_id: input.accountId,
    name: input.name,
    description: input.description ?? null,
    limit_micro: toDbNullableInteger(input.limitMicro ?? null, 'guardrail.limitMicro'),
    reset_interval: input.resetInterval ?? null,
    include_byok_in_budgets: toDbBoolean(input.includeByokInBudgets ?? false),
    allowed_providers: encodeList(input.allowedProviders),
    ignored_providers: encodeList(input.ignoredProviders),
    allowed_models: encodeList(input.allowedModels),
    ignored_models: encodeList(input.ignoredModels),
    enforce_zdr: JSON.stringify(input.enforceZdr ?? []),
    created_at: toEpochMs(input.createdAt, 'guardrail.createdAt'),
    updated_at: null,
  };
}

/** The columns a patch sets (absent fields are left out, so they keep their values). */
export function guardrailPatchToRow(patch: GuardrailPatch, now: Date): Updateable<GuardrailsTable> {
  const row: Updateable<GuardrailsTable> = { updated_at: toEpochMs(now, 'guardrail.updatedAt') };
  if (patch.name !== undefined) row.name = patch.name;
  if (patch.description !== undefined) row.description = patch.description;
  if (patch.limitMicro !== undefined) row.limit_micro = toDbNullableInteger(patch.limitMicro, 'guardrail.limitMicro');
  if (patch.resetInterval !== undefined) row.reset_interval = patch.resetInterval;
  if (patch.includeByokInBudgets !== undefined) row.include_byok_in_budgets = toDbBoolean(patch.includeByokInBudgets);
  if (patch.allowedProviders !== undefined) row.allowed_providers = encodeList(patch.allowedProviders);
  if (patch.ignoredProviders !== undefined) row.ignored_providers = encodeList(patch.ignoredProviders);
  if (patch.allowedModels !== undefined) row.allowed_models = encodeList(patch.allowedModels);
  if (patch.ignoredModels !== undefined) row.ignored_models = encodeList(patch.ignoredModels);
  if (patch.enforceZdr !== undefined) row.enforce_zdr = JSON.stringify(patch.enforceZdr);
  return row;
}

export function guardrailFromRow(row: Selectable<GuardrailsTable>): GuardrailRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    description: row.description,
    limitMicro: toNullableMicro(row.limit_micro, 'guardrails.limit_micro'),
    resetInterval: parseLimitReset(row.reset_interval),
    includeByokInBudgets: fromDbBoolean(row.include_byok_in_budgets),
    allowedProviders: decodeList(row.allowed_providers, 'allowed_providers'),
    ignoredProviders: decodeList(row.ignored_providers, 'ignored_providers'),
    allowedModels: decodeList(row.allowed_models, 'allowed_models'),
    ignoredModels: decodeList(row.ignored_models, 'ignored_models'),
    enforceZdr: decodeZdr(row.enforce_zdr),
    createdAt: fromEpochMs(row.created_at, 'guardrails.created_at'),
    updatedAt: fromNullableEpochMs(row.updated_at, 'guardrails.updated_at'),
  };
}
