import { invalidField } from '@switchyard/core';
import { bodyObject, booleanField } from '../http/body-fields.js';

/** `POST /byok` after validation. */
export interface CreateByokRequest {
  readonly provider: string;
  readonly key: string;
  readonly name: string | null;
  readonly disabled: boolean;
}

/** `PATCH /byok/{id}` after validation; an absent field stays as it is. */
export interface UpdateByokRequest {
  readonly key?: string;
  readonly name?: string | null;
  readonly disabled?: boolean;
}

const MAX_NAME_LENGTH = 255;
const MAX_SECRET_LENGTH = 8192;
/** OpenRouter's fields this gateway does not implement: accepted only with their "no restriction" values. */
const UNRESTRICTED = ['allowed_models', 'allowed_user_ids', 'allowed_api_key_hashes'] as const;
const CREATE_FIELDS = new Set(['provider', 'key', 'name', 'disabled', 'is_fallback', 'workspace_id', ...UNRESTRICTED]);
const UPDATE_FIELDS = new Set(['key', 'name', 'disabled', 'is_fallback', ...UNRESTRICTED]);

const invalid = invalidField;

function asObject(body: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  const record = bodyObject(body, allowed);
  for (const field of UNRESTRICTED) {
    if (record[field] !== undefined && record[field] !== null) throw invalid(field, 'Not supported by this gateway: expected null');
  }
  if (record['is_fallback'] !== undefined && record['is_fallback'] !== false) {
    throw invalid('is_fallback', 'Not supported by this gateway: own keys are always tried first; expected false');
  }
  return record;
}

function parseSecret(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('key', 'Expected a non-empty string');
  if (value.length > MAX_SECRET_LENGTH) throw invalid('key', `At most ${String(MAX_SECRET_LENGTH)} characters`);
  return value.trim();
}

function parseName(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid('name', 'Expected a string or null');
  const name = value.trim();
  if (name.length > MAX_NAME_LENGTH) throw invalid('name', `At most ${String(MAX_NAME_LENGTH)} characters`);
  return name === '' ? null : name;
}

const parseBoolean = booleanField;

export function parseCreateByokRequest(body: unknown, accountId: string): CreateByokRequest {
  const record = asObject(body, CREATE_FIELDS);
  const provider = record['provider'];
  if (typeof provider !== 'string' || provider === '') throw invalid('provider', 'Expected a provider id');
  const workspace = record['workspace_id'];
  // The account is the only workspace (as in `/keys`).
  if (workspace !== undefined && workspace !== accountId) throw invalid('workspace_id', 'Unknown workspace');
  return {
    provider,
    key: parseSecret(record['key']),
    name: record['name'] === undefined ? null : parseName(record['name']),
    disabled: record['disabled'] === undefined ? false : parseBoolean('disabled', record['disabled']),
  };
}

export function parseUpdateByokRequest(body: unknown): UpdateByokRequest {
  const record = asObject(body, UPDATE_FIELDS);
  return {
    ...(record['key'] === undefined ? {} : { key: parseSecret(record['key']) }),
    ...(record['name'] === undefined ? {} : { name: parseName(record['name']) }),
    ...(record['disabled'] === undefined ? {} : { disabled: parseBoolean('disabled', record['disabled']) }),
  };
}

/** A masked hint of a provider key for display: "sk-...AbCd" (the start and the last 4 characters). */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return `...${secret.slice(-2)}`;
  return `${secret.slice(0, 3)}...${secret.slice(-4)}`;
}
