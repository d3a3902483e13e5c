import { asNumber, asString, isRecord, safeParseJson } from '@switchyard/core';
import type { GenerationStatus, KeyKind, LimitReset, MicroUsd, ProviderAttempt } from '@switchyard/core';

const INT32_MAX = 2_147_483_647;

/** An integer as read from SQLite (number) or PostgreSQL (int8/numeric as decimal string). */
export function fromDbInteger(value: number | string | bigint, column: string): number {
  const result = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`column ${column}: ${String(value)} is not a safe integer`);
  }
  return result;
}

export function fromDbNullableInteger(value: number | string | bigint | null, column: string): number | null {
  return value === null ? null : fromDbInteger(value, column);
}

export function fromDbBoolean(value: boolean | number): boolean {
  return value === true || value === 1;
}

export function toDbBoolean(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** Money and other int8 columns: any safe integer. */
export function toDbInteger(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${field} must be a safe integer, got ${String(value)}`);
  return value;
}

export function toDbNullableInteger(value: number | null, field: string): number | null {
  return value === null ? null : toDbInteger(value, field);
}

/** Token counts and durations (int4 in PostgreSQL): rejected the same way on both databases. */
export function toDbInt32(value: number, field: string): number {
  if (!Number.isInteger(value) || Math.abs(value) > INT32_MAX) {
    throw new RangeError(`${field} must be a 32-bit integer, got ${String(value)}`);
  }
  return value;
}

export function toDbNullableInt32(value: number | null, field: string): number | null {
  return value === null ? null : toDbInt32(value, field);
}

export function toMicro(value: number | string | bigint, column: string): MicroUsd {
  return fromDbInteger(value, column) as MicroUsd;
}

export function toNullableMicro(value: number | string | bigint | null, column: string): MicroUsd | null {
  return value === null ? null : toMicro(value, column);
}

/** Dates are stored as epoch milliseconds. */
export function toEpochMs(date: Date, field: string): number {
  const ms = date.getTime();
  if (!Number.isSafeInteger(ms)) throw new RangeError(`${field} is not a valid Date`);
  return ms;
}

export function toNullableEpochMs(date: Date | null, field: string): number | null {
  return date === null ? null : toEpochMs(date, field);
}

export function fromEpochMs(value: number | string | bigint, column: string): Date {
  return new Date(fromDbInteger(value, column));
}

export function fromNullableEpochMs(value: number | string | bigint | null, column: string): Date | null {
  return value === null ? null : fromEpochMs(value, column);
}

export function parseKeyKind(value: string): KeyKind {
  if (value === 'inference' || value === 'provisioning') return value;
  throw new RangeError(`api_keys.kind: unknown value ${JSON.stringify(value)}`);
}

export function parseLimitReset(value: string | null): LimitReset | null {
  if (value === null || value === 'daily' || value === 'weekly' || value === 'monthly') return value;
  throw new RangeError(`api_keys.limit_reset: unknown value ${JSON.stringify(value)}`);
}

export function parseGenerationStatus(value: string): GenerationStatus {
  if (value === 'success' || value === 'error' || value === 'cancelled') return value;
  throw new RangeError(`generations.status: unknown value ${JSON.stringify(value)}`);
}

export function encodeAttempts(attempts: readonly ProviderAttempt[]): string {
  return JSON.stringify(attempts);
}

/** Reads generations.attempts back; the text was written by encodeAttempts, so a mismatch is corruption. */
export function decodeAttempts(text: string, generationId: string): ProviderAttempt[] {
  const parsed = safeParseJson(text);
  if (!parsed.ok || !Array.isArray(parsed.value)) {
    throw new Error(`generations.attempts of ${generationId} is not a JSON array`, parsed.ok ? {} : { cause: parsed.error });
  }
  return parsed.value.map((item: unknown, index) => decodeAttempt(item, `${generationId} attempt ${String(index)}`));
}

function decodeAttempt(item: unknown, where: string): ProviderAttempt {
  const record = isRecord(item) ? item : {};
  const providerId = asString(record['providerId']);
  const providerName = asString(record['providerName']);
  const endpointId = asString(record['endpointId']);
  const modelId = asString(record['modelId']);
  const status = asNumber(record['status']);
  const latencyMs = asNumber(record['latencyMs']);
  if (
    providerId === undefined ||
    providerName === undefined ||
    endpointId === undefined ||
    modelId === undefined ||
    status === undefined ||
    latencyMs === undefined
  ) {
    throw new Error(`generations.attempts: ${where} is not a complete ProviderAttempt`);
  }
  const errorCode = asString(record['errorCode']);
  const errorMessage = asString(record['errorMessage']);
  const attempt: ProviderAttempt = { providerId, providerName, endpointId, modelId, status, latencyMs };
  return {
    ...attempt,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    ...(record['isByok'] === true ? { isByok: true } : {}),
  };
}
