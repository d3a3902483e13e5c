import type { Kysely } from 'kysely';
import type { DirectCharge } from '@switchyard/core';
import { toEpochMs } from '../codec.js';
import type { Database } from '../schema.js';
import { applyBalanceDelta, newLedgerId } from './ledger-sql.js';
import { positiveMicro } from './ledger-rows.js';

/** Rows per INSERT: 11 columns each, far below SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 500;

/** The entry's (negative) amount: 0 only for a charge that still counts toward its key (BYOK in the free allowance). */
function chargeAmount(charge: DirectCharge): number {
  if (charge.amountMicro === 0 && Number.isSafeInteger(charge.keyUsageMicro) && (charge.keyUsageMicro ?? 0) > 0) return 0;
  return -positiveMicro(charge.amountMicro, 'charge amount');
}

/** The `ledger_entries` row of a direct charge (validated: a bad amount or date throws before any SQL). */
export function chargeEntryRow(charge: DirectCharge, createdAt: number) {
  return {
    id: newLedgerId('led'),
    account_id: charge.accountId,
    kind: 'charge',
    amount_micro: chargeAmount(charge),
    idempotency_key: charge.generationId,
    key_id: charge.keyId,
    generation_id: charge.generationId,
    key_usage_micro: charge.keyUsageMicro ?? charge.amountMicro,
    occurred_at: toEpochMs(charge.at, 'charge.at'),
    created_at: createdAt,
    note: null,
  };
}

/** Accounts in a fixed order, so concurrent writers lock balance rows in the same order. */
export function byAccountId(usage: ReadonlyMap<string, number>): [string, number][] {
  return [...usage].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `LedgerRepository.chargeMany` in `db`'s transaction: the entries in multi-row inserts (a charge
 * already stored for its generation is skipped: RETURNING lists only new rows), then one balance
 * update per account from what was inserted, then the keys' limit counters marked stale.
 */
export async function chargeManyIn(db: Kysely<Database>, charges: readonly DirectCharge[], at: Date): Promise<void> {
  if (charges.length === 0) return;
  const createdAt = toEpochMs(at, 'chargeMany.at');
  const usageByAccount = new Map<string, number>();
  for (let start = 0; start < charges.length; start += ROWS_PER_STATEMENT) {
    const rows = charges.slice(start, start + ROWS_PER_STATEMENT).map((charge) => chargeEntryRow(charge, createdAt));
    const inserted = await db
      .insertInto('ledger_entries')
      .values(rows)
      .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
      .returning(['account_id', 'amount_micro'])
      .execute();
    for (const row of inserted) usageByAccount.set(row.account_id, (usageByAccount.get(row.account_id) ?? 0) - Number(row.amount_micro));
  }
  for (const [accountId, usage] of byAccountId(usageByAccount)) {
    await applyBalanceDelta(db, accountId, { credits: 0, usage, released: 0 }, createdAt);
  }
  const keyIds = [...new Set(charges.map((charge) => charge.keyId))];
  // A counter of this window would miss these charges: -1 never equals a window start, so the next reserve recomputes it.
  await db.updateTable('key_spend').set({ window_start: -1 }).where('key_id', 'in', keyIds).execute();
}
