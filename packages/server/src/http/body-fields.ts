import { invalidField, type LimitReset, type MicroUsd } from '@switchyard/core';

/** The largest USD amount whose micro-dollars stay a safe integer. */
const MAX_LIMIT_USD = Math.floor(Number.MAX_SAFE_INTEGER / 1_000_000);

/**
 * Field parsers shared by the management APIs' JSON bodies (`/keys`, `/guardrails`, `/byok`): each
 * failure is a 400 `invalid_request` naming the field (`invalidField`, as the routing policy's).
 */

/** The body as an object whose fields are all in `allowed`. */
export function bodyObject(body: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidField('(body)', 'Expected a JSON object');
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).find((field) => !allowed.has(field));
  if (unknown !== undefined) throw invalidField(unknown, 'Unknown field');
  return record;
}

/** A non-empty trimmed `name` of at most `max` characters. */
export function requiredName(value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalidField('name', 'Expected a string');
  const name = value.trim();
  if (name === '') throw invalidField('name', 'Must not be empty');
  if (name.length > max) throw invalidField('name', `At most ${String(max)} characters`);
  return name;
}

/** USD (a JSON number) to integer micro-dollars, rounded to the nearest micro-dollar; null means no limit. */
export function usdLimit(field: string, value: unknown): MicroUsd | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(field, 'Expected a number of USD or null');
  if (value < 0) throw invalidField(field, 'Must not be negative');
  if (value > MAX_LIMIT_USD) throw invalidField(field, `At most ${String(MAX_LIMIT_USD)} USD`);
  return Math.round(value * 1_000_000) as MicroUsd;
}

export function limitReset(field: string, value: unknown): LimitReset | null {
  if (value === null || value === 'daily' || value === 'weekly' || value === 'monthly') return value;
  throw invalidField(field, 'Expected "daily", "weekly", "monthly" or null');
}

export function booleanField(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidField(field, 'Expected true or false');
  return value;
}
