import { invalidField, ZDR_MODEL_GROUPS, type GuardrailPatch, type LimitReset, type MicroUsd, type PageRequest, type ZdrModelGroup } from '@switchyard/core';
import { bodyObject, booleanField, limitReset, requiredName, usdLimit } from '../http/body-fields.js';

/** `POST /guardrails` or `PATCH /guardrails/{id}` after validation. */
export interface GuardrailInput {
  /** Without the ZDR fields: those depend on the stored guardrail (see `applyZdr`). */
  readonly patch: GuardrailPatch;
  /** `enforce_zdr_<group>` as given, with the deprecated `enforce_zdr` filling the groups left out. */
  readonly zdr: Partial<Record<ZdrModelGroup, boolean>>;
  readonly workspaceId: string | undefined;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 1000;
const MAX_LIST = 1000;
const LISTS = { allowed_providers: 'allowedProviders', ignored_providers: 'ignoredProviders', allowed_models: 'allowedModels', ignored_models: 'ignoredModels' } as const;
const ZDR_FIELDS = ZDR_MODEL_GROUPS.map((group) => [`enforce_zdr_${group}`, group] as const);
/** Accepted by OpenRouter but not implemented here: only null (or absent) is allowed. */
const UNSUPPORTED = ['content_filters', 'content_filter_builtins', 'enable_free_model_publication', 'enable_free_model_training', 'enable_paid_model_training', 'allowed_data_regions'];
const COMMON = ['name', 'description', 'limit_usd', 'reset_interval', 'include_byok_in_budgets', 'enforce_zdr', ...Object.keys(LISTS), ...ZDR_FIELDS.map(([field]) => field), ...UNSUPPORTED];
const CREATE_FIELDS = new Set([...COMMON, 'workspace_id']);
const UPDATE_FIELDS = new Set(COMMON);

export const invalid = invalidField;

function asObject(body: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  const record = bodyObject(body, allowed);
  const unsupported = UNSUPPORTED.find((field) => record[field] !== undefined && record[field] !== null);
  if (unsupported !== undefined) throw invalid(unsupported, 'Not supported by this gateway; leave it out or send null');
  return record;
}

const parseName = (value: unknown): string => requiredName(value, MAX_NAME);

function parseDescription(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid('description', 'Expected a string or null');
  if (value.length > MAX_DESCRIPTION) throw invalid('description', `At most ${String(MAX_DESCRIPTION)} characters`);
  return value;
}

const parseLimit = (value: unknown): MicroUsd | null => usdLimit('limit_usd', value);
const parseInterval = (value: unknown): LimitReset | null => limitReset('reset_interval', value);
const parseBoolean = booleanField;

/** A non-empty list of non-empty strings (duplicates dropped), or null for no restriction. */
function parseList(field: string, value: unknown): string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw invalid(field, 'Expected an array of strings or null');
  if (value.length === 0) throw invalid(field, 'Must have at least one entry; send null for no restriction');
  if (value.length > MAX_LIST) throw invalid(field, `At most ${String(MAX_LIST)} entries`);
  const items = value.map((item: unknown, index) => {
    if (typeof item !== 'string' || item.trim() === '') throw invalid(`${field}[${String(index)}]`, 'Expected a non-empty string');
    return item.trim();
  });
  return [...new Set(items)];
}

function parseZdr(fields: Record<string, unknown>): Partial<Record<ZdrModelGroup, boolean>> {
  const zdr: Partial<Record<ZdrModelGroup, boolean>> = {};
  const legacy = fields['enforce_zdr'];
  if (legacy !== undefined && legacy !== null) {
    const value = parseBoolean('enforce_zdr', legacy);
    for (const group of ZDR_MODEL_GROUPS) zdr[group] = value;
  }
  for (const [field, group] of ZDR_FIELDS) {
    const value = fields[field];
    if (value !== undefined && value !== null) zdr[group] = parseBoolean(field, value);
  }
  return zdr;
}

function parseFields(fields: Record<string, unknown>): GuardrailPatch {
  const patch: { -readonly [K in keyof GuardrailPatch]: GuardrailPatch[K] } = {};
  if (fields['name'] !== undefined) patch.name = parseName(fields['name']);
  if (fields['description'] !== undefined) patch.description = parseDescription(fields['description']);
  if (fields['limit_usd'] !== undefined) patch.limitMicro = parseLimit(fields['limit_usd']);
  if (fields['reset_interval'] !== undefined) patch.resetInterval = parseInterval(fields['reset_interval']);
  const byok = fields['include_byok_in_budgets'];
  if (byok !== undefined) patch.includeByokInBudgets = parseBoolean('include_byok_in_budgets', byok);
  for (const [field, key] of Object.entries(LISTS)) {
    if (fields[field] !== undefined) patch[key] = parseList(field, fields[field]);
  }
  return patch;
}

export function parseCreateGuardrail(body: unknown): GuardrailInput {
  const fields = asObject(body, CREATE_FIELDS);
  if (fields['name'] === undefined) throw invalid('name', 'Required');
  const workspace = fields['workspace_id'];
  if (workspace !== undefined && typeof workspace !== 'string') throw invalid('workspace_id', 'Expected a string');
  return { patch: parseFields(fields), zdr: parseZdr(fields), workspaceId: workspace };
}

export function parseUpdateGuardrail(body: unknown): GuardrailInput {
  const fields = asObject(body, UPDATE_FIELDS);
  return { patch: parseFields(fields), zdr: parseZdr(fields), workspaceId: undefined };
}

/** The groups that enforce ZDR after applying `zdr` to `current` (given groups change, others stay). */
export function applyZdr(current: readonly ZdrModelGroup[], zdr: Partial<Record<ZdrModelGroup, boolean>>): ZdrModelGroup[] {
  return ZDR_MODEL_GROUPS.filter((group) => zdr[group] ?? current.includes(group));
}

/** `{key_hashes: string[]}` or `{member_user_ids: string[]}`: at least one non-empty string. */
export function parseIdList(body: unknown, field: 'key_hashes' | 'member_user_ids'): string[] {
  const fields = asObject(body, new Set([field]));
  const list = parseList(field, fields[field] ?? invalidRequired(field));
  if (list === null) throw invalid(field, 'Expected an array of strings');
  return list;
}

function invalidRequired(field: string): never {
  throw invalid(field, 'Required');
}

/** `offset` (default 0) and `limit` (1–100, default 50) query parameters. */
export function parsePage(offset: string | undefined, limit: string | undefined): PageRequest {
  return { offset: parseInteger('offset', offset, 0, 0, Number.MAX_SAFE_INTEGER), limit: parseInteger('limit', limit, 50, 1, 100) };
}

function parseInteger(field: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `Expected an integer from ${String(min)} to ${String(max)}`);
  }
  return value;
}
