import type { Selectable } from 'kysely';
import type { Hold, LedgerEntry, LedgerEntryKind } from '@switchyard/core';
import { fromEpochMs, toMicro } from '../codec.js';
import type { CreditHoldsTable, LedgerEntriesTable } from './ledger-schema.js';

const KINDS: readonly string[] = ['topup', 'charge', 'refund', 'adjustment'] satisfies LedgerEntryKind[];
const STATUSES: readonly string[] = ['held', 'settled', 'released'] satisfies Hold['status'][];

export function entryFromRow(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  if (!KINDS.includes(row.kind)) throw new RangeError(`ledger_entries.kind: unknown value ${row.kind}`);
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind as LedgerEntryKind,
    amountMicro: toMicro(row.amount_micro, 'ledger_entries.amount_micro'),
    idempotencyKey: row.idempotency_key,
    keyId: row.key_id,
    generationId: row.generation_id,
    keyUsageMicro: toMicro(row.key_usage_micro, 'ledger_entries.key_usage_micro'),
    occurredAt: fromEpochMs(row.occurred_at, 'ledger_entries.occurred_at'),
    createdAt: fromEpochMs(row.created_at, 'ledger_entries.created_at'),
    note: row.note,
  };
}

export function holdFromRow(row: Selectable<CreditHoldsTable>): Hold {
  if (!STATUSES.includes(row.status)) throw new RangeError(`credit_holds.status: unknown value ${row.status}`);
  return {
    id: row.id,
    accountId: row.account_id,
    keyId: row.key_id,
    generationId: row.generation_id,
    amountMicro: toMicro(row.amount_micro, 'credit_holds.amount_micro'),
    status: row.status as Hold['status'],
    createdAt: fromEpochMs(row.created_at, 'credit_holds.created_at'),
    expiresAt: fromEpochMs(row.expires_at, 'credit_holds.expires_at'),
  };
}

/** A positive safe integer amount of microdollars, checked before any SQL runs. */
export function positiveMicro(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${field} must be a positive integer of microdollars, got ${String(value)}`);
  return value;
}
