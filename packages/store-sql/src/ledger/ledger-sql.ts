import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Runs `work` in a transaction, or in the caller's when `db` already is one. */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * "led_" or "hold_", then the time in milliseconds (11 base-36 digits, so ids sort by creation time),
 * then 16 random hex digits: new rows append to the primary-key index instead of landing on random
 * pages of it, which keeps each write-behind commit to a few pages.
 */
export function newLedgerId(prefix: 'led' | 'hold', nowMs: number = Date.now()): string {
  return `${prefix}_${nowMs.toString(36).padStart(11, '0')}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

export interface BalanceDelta {
  readonly credits: number;
  readonly usage: number;
  /** Reservation given back (a hold settled or released). */
  readonly released: number;
}

/** Upserts the account's balance row; call in the transaction that writes the entry. */
export async function applyBalanceDelta(db: Kysely<Database>, accountId: string, delta: BalanceDelta, at: number): Promise<void> {
  const { credits, usage, released } = delta;
  await db
    .insertInto('account_balances')
    .values({
      account_id: accountId,
      total_credits_micro: credits,
      total_usage_micro: usage,
      balance_micro: credits - usage,
      reserved_micro: 0,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        total_credits_micro: sql`account_balances.total_credits_micro + ${credits}`,
        total_usage_micro: sql`account_balances.total_usage_micro + ${usage}`,
        balance_micro: sql`account_balances.balance_micro + ${credits - usage}`,
        reserved_micro: sql`account_balances.reserved_micro - ${released}`,
        updated_at: at,
      }),
    )
    .execute();
}

