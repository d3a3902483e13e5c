import { timingSafeEqual, createHash } from 'node:crypto';
import { GatewayError, isRecord, type LedgerEntry, type MicroUsd, type NewLedgerEntry } from '@switchyard/core';

/** A decimal USD amount with at most 6 decimals, as integer microdollars ("-1.5" → -1_500_000). */
export function parseUsdAmount(value: unknown, field: string): MicroUsd {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const match = typeof text === 'string' ? /^(-?)(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text.trim()) : null;
  if (match === null) {
    throw new GatewayError('invalid_request', `${field}: expected a USD amount with at most 6 decimals, e.g. 25 or "12.50"`, { metadata: { field } });
  }
  const micro = Number(match[2]) * 1_000_000 + Number((match[3] ?? '').padEnd(6, '0'));
  return (match[1] === '-' ? -micro : micro) as MicroUsd;
}

const KINDS = ['topup', 'refund', 'adjustment'] as const;
/** Charges use the generation id ("gen-…") as idempotency key; posted entries must not take one. */
const CHARGE_KEY_PREFIX = 'gen-';
type PostedKind = (typeof KINDS)[number];

function optionalString(body: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new GatewayError('invalid_request', `${field}: expected a non-empty string of at most ${String(max)} characters`, { metadata: { field } });
  }
  return value;
}

/**
 * `POST /api/v1/admin/credits` body: `{account_id, amount (USD), kind?: topup|refund|adjustment,
 * idempotency_key?, note?}`; the idempotency key may come in the `Idempotency-Key` header instead.
 */
export function parseAdminCreditRequest(body: unknown, headerKey: string | undefined, at: Date): NewLedgerEntry {
  if (!isRecord(body)) throw new GatewayError('invalid_request', 'Request body must be a JSON object');
  const accountId = optionalString(body, 'account_id', 200);
  if (accountId === undefined) throw new GatewayError('invalid_request', 'account_id: Required', { metadata: { field: 'account_id' } });
  const kind = body['kind'] ?? 'topup';
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new GatewayError('invalid_request', `kind: expected one of ${KINDS.join(', ')}`, { metadata: { field: 'kind' } });
  }
  const idempotencyKey = optionalString(body, 'idempotency_key', 200) ?? headerKey;
  if (idempotencyKey === undefined || idempotencyKey === '') {
    throw new GatewayError('invalid_request', 'idempotency_key: Required (in the body or the Idempotency-Key header)', { metadata: { field: 'idempotency_key' } });
  }
  if (idempotencyKey.startsWith(CHARGE_KEY_PREFIX)) {
    throw new GatewayError('invalid_request', `idempotency_key: keys starting with "${CHARGE_KEY_PREFIX}" are the generation ids of charges`, { metadata: { field: 'idempotency_key' } });
  }
  const amountMicro = parseUsdAmount(body['amount'], 'amount');
  const valid = kind === 'adjustment' ? amountMicro !== 0 : amountMicro > 0;
  if (!valid) {
    const rule = kind === 'adjustment' ? 'must not be 0' : 'must be positive';
    throw new GatewayError('invalid_request', `amount: a ${kind} ${rule}`, { metadata: { field: 'amount' } });
  }
  const note = optionalString(body, 'note', 1000);
  return { accountId, kind: kind as PostedKind, amountMicro, idempotencyKey, note: note ?? null, at };
}

/** A replayed idempotency key must describe the same entry. */
export function sameEntry(stored: LedgerEntry, requested: NewLedgerEntry): boolean {
  return stored.kind === requested.kind && stored.amountMicro === requested.amountMicro;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time check of `Authorization: Bearer <SWITCHYARD_ADMIN_TOKEN>` (hashes compared, so lengths do not leak). */
export function isAdminToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '')?.[1]?.trim() ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}
