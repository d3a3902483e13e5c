import { invalidField, type KeyUpdate, type LimitReset, type MicroUsd } from '@switchyard/core';
import { bodyObject, booleanField, limitReset, requiredName, usdLimit } from '../http/body-fields.js';

/** `POST /keys` after validation. */
export interface CreateKeyRequest {
  readonly name: string;
  readonly limitMicro: MicroUsd | null;
  readonly limitReset: LimitReset | null;
  readonly includeByokInLimit: boolean;
  readonly expiresAt: Date | null;
  /** The workspace asked for, if any (only the caller's own account is one). */
  readonly workspaceId: string | undefined;
  /** The user the key is created for (must be a member of the account; checked by `createManagedKey`). */
  readonly creatorUserId: string | undefined;
}

export const MAX_KEY_NAME_LENGTH = 256;
/** The largest limit whose micro-dollar amount is still an exact integer. */
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;
const CREATE_FIELDS = new Set(['name', 'limit', 'limit_reset', 'include_byok_in_limit', 'expires_at', 'creator_user_id', 'workspace_id']);
const UPDATE_FIELDS = new Set(['name', 'limit', 'limit_reset', 'include_byok_in_limit', 'disabled']);

const invalid = invalidField;

const asObject = bodyObject;

const parseName = (value: unknown): string => requiredName(value, MAX_KEY_NAME_LENGTH);

const parseLimit = (value: unknown): MicroUsd | null => usdLimit('limit', value);
const parseLimitReset = (value: unknown): LimitReset | null => limitReset('limit_reset', value);
const parseBoolean = booleanField;

function parseExpiresAt(value: unknown, now: Date): Date | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !UTC_TIMESTAMP.test(value)) throw invalid('expires_at', 'Expected an ISO 8601 UTC timestamp ending in "Z", or null');
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalid('expires_at', 'Not a valid date');
  if (at.getTime() <= now.getTime()) throw invalid('expires_at', 'Must be in the future');
  return at;
}

export function parseCreateKeyRequest(body: unknown, now: Date): CreateKeyRequest {
  const fields = asObject(body, CREATE_FIELDS);
  if (fields['name'] === undefined) throw invalid('name', 'Required');
  const creator = fields['creator_user_id'];
  if (creator !== undefined && creator !== null && (typeof creator !== 'string' || creator === '')) throw invalid('creator_user_id', 'Expected a user id or null');
  const workspace = fields['workspace_id'];
  if (workspace !== undefined && typeof workspace !== 'string') throw invalid('workspace_id', 'Expected a string');
  return {
    name: parseName(fields['name']),
    limitMicro: fields['limit'] === undefined ? null : parseLimit(fields['limit']),
    limitReset: fields['limit_reset'] === undefined ? null : parseLimitReset(fields['limit_reset']),
    includeByokInLimit: fields['include_byok_in_limit'] === undefined ? false : parseBoolean('include_byok_in_limit', fields['include_byok_in_limit']),
    expiresAt: fields['expires_at'] === undefined ? null : parseExpiresAt(fields['expires_at'], now),
    workspaceId: workspace,
    creatorUserId: typeof creator === 'string' ? creator : undefined,
  };
}

export function parseUpdateKeyRequest(body: unknown): KeyUpdate {
  const fields = asObject(body, UPDATE_FIELDS);
  return {
    ...(fields['name'] === undefined ? {} : { name: parseName(fields['name']) }),
    ...(fields['limit'] === undefined ? {} : { limitMicro: parseLimit(fields['limit']) }),
    ...(fields['limit_reset'] === undefined ? {} : { limitReset: parseLimitReset(fields['limit_reset']) }),
    ...(fields['include_byok_in_limit'] === undefined
      ? {}
      : { includeByokInLimit: parseBoolean('include_byok_in_limit', fields['include_byok_in_limit']) }),
    ...(fields['disabled'] === undefined ? {} : { disabled: parseBoolean('disabled', fields['disabled']) }),
  };
}

/** `include_disabled` is a string flag on the wire ("true" / "false"). */
export function parseIncludeDisabled(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw invalid('include_disabled', 'Expected "true" or "false"');
}

export function parseOffset(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const offset = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(offset)) throw invalid('offset', 'Expected a non-negative integer');
  return offset;
}
