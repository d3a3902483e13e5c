import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { AccountBalance, KeySpend, LedgerRepository, NewLedgerEntry, PostResult } from '@switchyard/core';
import { toEpochMs, toMicro } from '../codec.js';
import type { Database } from '../schema.js';
import { usageWindows } from '../usage-windows.js';
import { guardrailSpendOf } from './guardrail-counters.js';
import { chargeManyIn } from './direct-charges.js';
import { createHoldOperations } from './ledger-holds.js';
import { applyBalanceDelta, inTransaction, newLedgerId } from './ledger-sql.js';
import { entryFromRow, positiveMicro } from './ledger-rows.js';

/** The ledger over `db` (a Kysely instance or an open transaction). */
export function ledgerRepository(db: Kysely<Database>): LedgerRepository {
  return {
    post: (entry) => inTransaction(db, (trx) => postEntry(trx, entry)),
    balance: (accountId) => balanceOf(db, accountId),
    async entries(accountId, limit) {
      const rows = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(entryFromRow);
    },
    keySpend: (keyId, now) => keySpend(db, keyId, now),
    guardrailSpend: (guardrailId, windowStartMs) => guardrailSpendOf(db, guardrailId, windowStartMs),
    chargeMany: (charges, at) => inTransaction(db, (trx) => chargeManyIn(trx, charges, at)),
    ...createHoldOperations(db),
  };
}

function checkAmount(entry: NewLedgerEntry): number {
  if (entry.kind !== 'adjustment') return positiveMicro(entry.amountMicro, `${entry.kind} amount`);
  if (!Number.isSafeInteger(entry.amountMicro) || entry.amountMicro === 0) {
    throw new RangeError(`adjustment amount must be a non-zero integer of microdollars, got ${String(entry.amountMicro)}`);
  }
  return entry.amountMicro;
}

async function postEntry(db: Kysely<Database>, entry: NewLedgerEntry): Promise<PostResult> {
  const amount = checkAmount(entry);
  if (entry.idempotencyKey === '') throw new RangeError('idempotencyKey must not be empty');
  const at = toEpochMs(entry.at, 'entry.at');
  const inserted = await db
    .insertInto('ledger_entries')
    .values({
      id: newLedgerId('led'),
      account_id: entry.accountId,
      kind: entry.kind,
      amount_micro: amount,
      idempotency_key: entry.idempotencyKey,
      key_id: null,
      generation_id: null,
      key_usage_micro: 0,
      occurred_at: at,
      created_at: at,
      note: entry.note ?? null,
    })
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted === undefined) {
    const existing = await db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('account_id', '=', entry.accountId)
      .where('idempotency_key', '=', entry.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { entry: entryFromRow(existing), created: false };
  }
  const credits = entry.kind === 'refund' ? 0 : amount;
  const usage = entry.kind === 'refund' ? -amount : 0;
  await applyBalanceDelta(db, entry.accountId, { credits, usage, released: 0 }, at);
  return { entry: entryFromRow(inserted), created: true };
}

async function balanceOf(db: Kysely<Database>, accountId: string): Promise<AccountBalance> {
  const row = await db.selectFrom('account_balances').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const read = (value: number | string | bigint | undefined, column: string) => toMicro(value ?? 0, `account_balances.${column}`);
  return {
    accountId,
    totalCreditsMicro: read(row?.total_credits_micro, 'total_credits_micro'),
    totalUsageMicro: read(row?.total_usage_micro, 'total_usage_micro'),
    balanceMicro: read(row?.balance_micro, 'balance_micro'),
    reservedMicro: read(row?.reserved_micro, 'reserved_micro'),
  };
}

type DbSum = number | string | bigint;

function usageSum(window?: readonly [number, number]): RawBuilder<DbSum> {
  const range = window === undefined ? sql`1 = 1` : sql`occurred_at >= ${window[0]} and occurred_at < ${window[1]}`;
  return sql<DbSum>`coalesce(sum(case when ${range} then key_usage_micro else 0 end), 0)`;
}

async function keySpend(db: Kysely<Database>, keyId: string, now: Date): Promise<KeySpend> {
  const { day, week, month } = usageWindows(now);
  const [spent, held] = await Promise.all([
    db
      .selectFrom('ledger_entries')
      .select([usageSum().as('total'), usageSum(day).as('daily'), usageSum(week).as('weekly'), usageSum(month).as('monthly')])
      .where('key_id', '=', keyId)
      .where('kind', '=', 'charge')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('credit_holds')
      .select(sql<DbSum>`coalesce(sum(amount_micro), 0)`.as('reserved'))
      .where('key_id', '=', keyId)
      .where('status', '=', 'held')
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: toMicro(spent.total, 'key spend total'),
    daily: toMicro(spent.daily, 'key spend daily'),
    weekly: toMicro(spent.weekly, 'key spend weekly'),
    monthly: toMicro(spent.monthly, 'key spend monthly'),
    reservedMicro: toMicro(held.reserved, 'key reserved'),
  };
}
