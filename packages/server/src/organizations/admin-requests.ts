import { invalidField, type MemberRole } from '@switchyard/core';

export interface NewUserRequest {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

const MAX_TEXT = 256;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const invalid = invalidField;

function fieldsOf(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('(body)', 'Expected a JSON object');
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).find((field) => !allowed.includes(field));
  if (unknown !== undefined) throw invalid(unknown, 'Unknown field');
  return record;
}

function text(fields: Record<string, unknown>, field: string, required: boolean): string | null {
  const value = fields[field];
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'Required');
    return null;
  }
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'Expected a non-empty string');
  if (value.length > MAX_TEXT) throw invalid(field, `At most ${String(MAX_TEXT)} characters`);
  return value.trim();
}

/** `POST /admin/users {email, first_name?, last_name?}`. */
export function parseNewUser(body: unknown): NewUserRequest {
  const fields = fieldsOf(body, ['email', 'first_name', 'last_name']);
  const email = text(fields, 'email', true) ?? '';
  if (!EMAIL.test(email)) throw invalid('email', 'Expected an email address');
  return { email, firstName: text(fields, 'first_name', false), lastName: text(fields, 'last_name', false) };
}

/** `POST /admin/organizations {name}`. */
export function parseNewOrganization(body: unknown): { readonly name: string } {
  const fields = fieldsOf(body, ['name']);
  return { name: text(fields, 'name', true) ?? '' };
}

/** `PUT /admin/organizations/{id}/members/{user_id} {role}`: `admin` or `member` (`org:` prefix accepted). */
export function parseRole(body: unknown): MemberRole {
  const fields = fieldsOf(body, ['role']);
  const role = fields['role'];
  if (role === 'admin' || role === 'org:admin') return 'admin';
  if (role === 'member' || role === 'org:member') return 'member';
  throw invalid('role', 'Expected "admin" or "member"');
}

/** `limit` of `GET /organization/members`: 1..100, default 50. */
export function parseMemberLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > 100) throw invalid('limit', 'Expected an integer from 1 to 100');
  return limit;
}
