import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { KeyLimitWindow, LedgerRepository, MicroUsd, ReserveInput, ReserveResult, SettleOptions } from '@switchyard/core';
import { fromDbBoolean, fromDbInteger, toDbBoolean, toEpochMs, toMicro } from '../codec.js';
import type { Database } from '../schema.js';
import type { CreditHoldsTable } from './ledger-schema.js';
import { applyBalanceDelta, inTransaction, newLedgerId } from './ledger-sql.js';
import { holdFromRow, positiveMicro } from './ledger-rows.js';
import { giveBackGuardrails, linkHold, lockOrder, reserveOnGuardrails, settleGuardrails } from './guardrail-counters.js';

type HoldOperations = Pick<LedgerRepository, 'reserve' | 'settle' | 'release' | 'releaseExpiredHolds' | 'getHold'>;

export function createHoldOperations(db: Kysely<Database>): HoldOperations {
  return {
    // Nothing to check (credits not enforced, key without a limit, no guardrail budget): the hold INSERT alone, one round trip.
    reserve: async (input) =>
      !input.enforceBalance && input.keyLimit === null && (input.guardrails ?? []).length === 0
        ? { ok: true, hold: await insertHold(db, input, positiveMicro(input.amountMicro, 'reserve amount')) }
        : inTransaction(db, (trx) => reserveIn(trx, input)),
    settle: (holdId, actual, options) => inTransaction(db, (trx) => settleIn(trx, holdId, actual, options)),
    release: (holdId) => inTransaction(db, (trx) => releaseIn(trx, holdId)),
    releaseExpiredHolds: (now) => inTransaction(db, (trx) => releaseExpiredIn(trx, now)),
    async getHold(holdId) {
      const row = await db.selectFrom('credit_holds').selectAll().where('id', '=', holdId).executeTakeFirst();
      return row === undefined ? undefined : holdFromRow(row);
    },
  };
}

/** Spend of a key counted against its limit since `windowStart`, from the charges. */
function spentSince(keyId: string, windowStart: number) {
  return sql<number>`(select coalesce(sum(key_usage_micro), 0) from ledger_entries where key_id = ${keyId} and kind = 'charge' and occurred_at >= ${windowStart})`;
}

/** The counter's spend in `window`: kept when the window is unchanged, else recomputed from the charges. */
function spentInWindow(keyId: string, window: KeyLimitWindow) {
  return sql<number>`(case when key_spend.window_start = ${window.windowStartMs} then key_spend.spent_micro else ${spentSince(keyId, window.windowStartMs)} end)`;
}

/**
 * Account first, then key, then guardrails by id (every transaction locks rows in this order). A
 * refusal gives back what the earlier steps reserved in the same transaction, so it also works
 * inside a caller's transaction; row locks keep the intermediate state invisible.
 */
async function reserveIn(db: Kysely<Database>, input: ReserveInput): Promise<ReserveResult> {
  const amount = positiveMicro(input.amountMicro, 'reserve amount');
  if (input.enforceBalance) {
    // One conditional UPDATE: the row lock (PostgreSQL) or the single writer (SQLite) makes check and debit atomic.
    const row = await db
      .updateTable('account_balances')
      .set({ reserved_micro: sql`reserved_micro + ${amount}` })
      .where('account_id', '=', input.accountId)
      .where(sql<boolean>`balance_micro - reserved_micro >= ${amount}`)
      .returning('account_id')
      .executeTakeFirst();
    if (row === undefined) return { ok: false, source: 'account', availableMicro: await accountAvailable(db, input.accountId) };
  }
  if (input.keyLimit !== null && !(await reserveOnKey(db, input, input.keyLimit, amount))) {
    await giveBackAccountAndKey(db, { ...input, keyLimit: null }, amount);
    return { ok: false, source: 'key', availableMicro: await keyAvailable(db, input.keyId, input.keyLimit) };
  }
  const budgets = lockOrder(input.guardrails ?? []);
  const refusal = await reserveOnGuardrails(db, budgets, amount);
  if (refusal !== undefined) {
    await giveBackAccountAndKey(db, input, amount);
    return { ok: false, source: 'guardrail', ...refusal };
  }
  const hold = await insertHold(db, input, amount, budgets.length > 0);
  await linkHold(db, hold.id, budgets);
  return { ok: true, hold };
}

async function giveBackAccountAndKey(db: Kysely<Database>, input: ReserveInput, amount: number): Promise<void> {
  if (input.enforceBalance) {
    await db.updateTable('account_balances').set({ reserved_micro: sql`reserved_micro - ${amount}` }).where('account_id', '=', input.accountId).execute();
  }
  if (input.keyLimit !== null) {
    await db.updateTable('key_spend').set({ reserved_micro: sql`reserved_micro - ${amount}` }).where('key_id', '=', input.keyId).execute();
  }
}

/** The key's conditional UPDATE (its counter row is created first if missing); false when the limit has no room. */
async function reserveOnKey(db: Kysely<Database>, input: ReserveInput, window: KeyLimitWindow, amount: number): Promise<boolean> {
  await db
    .insertInto('key_spend')
    .values({ key_id: input.keyId, window_start: window.windowStartMs, spent_micro: spentSince(input.keyId, window.windowStartMs), reserved_micro: 0 })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
  const row = await db
    .updateTable('key_spend')
    .set({
      spent_micro: spentInWindow(input.keyId, window),
      window_start: window.windowStartMs,
      reserved_micro: sql`key_spend.reserved_micro + ${amount}`,
    })
    .where('key_id', '=', input.keyId)
    .where(sql<boolean>`${spentInWindow(input.keyId, window)} + key_spend.reserved_micro + ${amount} <= ${window.limitMicro}`)
    .returning('key_id')
    .executeTakeFirst();
  return row !== undefined;
}

async function insertHold(db: Kysely<Database>, input: ReserveInput, amount: number, reservesGuardrails = false) {
  const hold = await db
    .insertInto('credit_holds')
    .values({
      id: newLedgerId('hold'),
      account_id: input.accountId,
      key_id: input.keyId,
      generation_id: input.generationId,
      amount_micro: amount,
      reserves_balance: toDbBoolean(input.enforceBalance),
      reserves_key: toDbBoolean(input.keyLimit !== null),
      reserves_guardrails: toDbBoolean(reservesGuardrails),
      status: 'held',
      settled_micro: null,
      created_at: toEpochMs(input.at, 'reserve.at'),
      expires_at: toEpochMs(input.expiresAt, 'reserve.expiresAt'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return holdFromRow(hold);
}

async function accountAvailable(db: Kysely<Database>, accountId: string): Promise<MicroUsd> {
  const row = await db
    .selectFrom('account_balances')
    .select(sql<number | string>`balance_micro - reserved_micro`.as('available'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Math.max(0, toMicro(row?.available ?? 0, 'account available'));
}

async function keyAvailable(db: Kysely<Database>, keyId: string, window: KeyLimitWindow): Promise<MicroUsd> {
  const row = await db
    .selectFrom('key_spend')
    .select(sql<number | string>`${spentInWindow(keyId, window)} + key_spend.reserved_micro`.as('used'))
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  return Math.max(0, window.limitMicro - toMicro(row?.used ?? 0, 'key used'));
}

/** Marks the hold `to` if it is `from`; returns the row as it was updated. */
async function transition(db: Kysely<Database>, holdId: string, from: string, to: string, settled: number | null) {
  return db
    .updateTable('credit_holds')
    .set({ status: to, settled_micro: settled })
    .where('id', '=', holdId)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst();
}

/**
 * A BYOK request inside the free allowance is charged 0 but may count toward its key (`entry`: a
 * charge entry of 0) and toward guardrails that include BYOK in their budgets (`counts`).
 */
function whatCounts(actualMicro: number, keyUsage: number, options: SettleOptions): { entry: boolean; counts: boolean } {
  const entry = actualMicro > 0 || keyUsage > 0;
  return { entry, counts: entry || (options.byokUsageMicro ?? 0) > 0 };
}

async function settleIn(db: Kysely<Database>, holdId: string, actualMicro: MicroUsd, options: SettleOptions): Promise<void> {
  if (!Number.isSafeInteger(actualMicro) || actualMicro < 0) throw new RangeError(`settle amount must be a non-negative integer, got ${String(actualMicro)}`);
  const keyUsage = options.keyUsageMicro ?? actualMicro;
  const at = toEpochMs(options.at, 'settle.at');
  const held = await transition(db, holdId, 'held', 'settled', actualMicro);
  // A hold released by expiry still gets its charge: the generation happened.
  const { entry, counts } = whatCounts(actualMicro, keyUsage, options);
  const row = held ?? (counts ? await transition(db, holdId, 'released', 'settled', actualMicro) : undefined);
  if (row === undefined) return; // already settled (idempotent), or a released hold with nothing to charge
  const wasHeld = held !== undefined;
  const occurredAt = fromDbInteger(row.created_at, 'credit_holds.created_at');
  const charged = entry && (await insertCharge(db, row, actualMicro, keyUsage, occurredAt, at));
  const released = wasHeld && fromDbBoolean(row.reserves_balance) ? fromDbInteger(row.amount_micro, 'credit_holds.amount_micro') : 0;
  if (charged || released > 0) await applyBalanceDelta(db, row.account_id, { credits: 0, usage: charged ? actualMicro : 0, released }, at);
  const keyReleased = wasHeld && fromDbBoolean(row.reserves_key) ? fromDbInteger(row.amount_micro, 'credit_holds.amount_micro') : 0;
  await settleKeySpend(db, row.key_id, charged ? keyUsage : 0, keyReleased, occurredAt);
  if (fromDbBoolean(row.reserves_guardrails)) await settleHoldGuardrails(db, row, charged ? actualMicro : 0, options, wasHeld);
}

/** The guardrail counters of a settled hold: its charge (and BYOK value where counted) in, its reservation back. */
/** Runs once per hold (only the settle that moved it to 'settled' gets here), so BYOK value counts once. */
async function settleHoldGuardrails(db: Kysely<Database>, row: Selectable<CreditHoldsTable>, chargedMicro: number, options: SettleOptions, wasHeld: boolean) {
  await settleGuardrails(db, {
    holdId: row.id,
    chargedMicro,
    byokMicro: options.byokUsageMicro ?? 0,
    occurredAt: fromDbInteger(row.created_at, 'credit_holds.created_at'),
    releasedMicro: wasHeld ? fromDbInteger(row.amount_micro, 'credit_holds.amount_micro') : 0,
  });
}

async function settleKeySpend(db: Kysely<Database>, keyId: string, counted: number, released: number, occurredAt: number): Promise<void> {
  if (counted === 0 && released === 0) return;
  await db
    .updateTable('key_spend')
    .set({
      // The charge counts in the counter's window only if it happened in it (it may belong to the previous one).
      spent_micro: sql`key_spend.spent_micro + (case when key_spend.window_start <= ${occurredAt} then ${counted} else 0 end)`,
      reserved_micro: sql`key_spend.reserved_micro - ${released}`,
    })
    .where('key_id', '=', keyId)
    .execute();
}

async function insertCharge(
  db: Kysely<Database>,
  hold: Selectable<CreditHoldsTable>,
  actual: number,
  keyUsage: number,
  occurredAt: number,
  at: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('ledger_entries')
    .values({
      id: newLedgerId('led'),
      account_id: hold.account_id,
      kind: 'charge',
      amount_micro: actual === 0 ? 0 : -actual,
      idempotency_key: hold.generation_id,
      key_id: hold.key_id,
      generation_id: hold.generation_id,
      key_usage_micro: keyUsage,
      occurred_at: occurredAt,
      created_at: at,
      note: null,
    })
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

const byId = (a: readonly [string, number], b: readonly [string, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

interface ReleasedHold {
  readonly id: string;
  readonly account_id: string;
  readonly key_id: string;
  readonly amount_micro: number | string | bigint;
  readonly reserves_balance: boolean | number;
  readonly reserves_key: boolean | number;
  readonly reserves_guardrails: boolean | number;
}

/** Gives back what released holds reserved, one UPDATE per account, per key and per guardrail (in that order). */
async function giveBack(db: Kysely<Database>, holds: readonly ReleasedHold[], at: number): Promise<void> {
  const accounts = new Map<string, number>();
  const keys = new Map<string, number>();
  for (const hold of holds) {
    const amount = fromDbInteger(hold.amount_micro, 'credit_holds.amount_micro');
    if (fromDbBoolean(hold.reserves_balance)) accounts.set(hold.account_id, (accounts.get(hold.account_id) ?? 0) + amount);
    if (fromDbBoolean(hold.reserves_key)) keys.set(hold.key_id, (keys.get(hold.key_id) ?? 0) + amount);
  }
  // Sorted: concurrent sweepers lock rows in the same order (no deadlock).
  for (const [accountId, released] of [...accounts].sort(byId)) await applyBalanceDelta(db, accountId, { credits: 0, usage: 0, released }, at);
  for (const [keyId, released] of [...keys].sort(byId)) {
    await db.updateTable('key_spend').set({ reserved_micro: sql`reserved_micro - ${released}` }).where('key_id', '=', keyId).execute();
  }
  const guarded = holds.filter((hold) => fromDbBoolean(hold.reserves_guardrails));
  await giveBackGuardrails(db, new Map(guarded.map((hold) => [hold.id, fromDbInteger(hold.amount_micro, 'credit_holds.amount_micro')])));
}

async function releaseIn(db: Kysely<Database>, holdId: string): Promise<void> {
  const row = await transition(db, holdId, 'held', 'released', null);
  if (row !== undefined) await giveBack(db, [row], Date.now());
}

async function releaseExpiredIn(db: Kysely<Database>, now: Date): Promise<number> {
  const at = toEpochMs(now, 'now');
  const rows = await db
    .updateTable('credit_holds')
    .set({ status: 'released' })
    .where('status', '=', 'held')
    .where('expires_at', '<=', at)
    .returning(['id', 'account_id', 'key_id', 'amount_micro', 'reserves_balance', 'reserves_key', 'reserves_guardrails'])
    .execute();
  await giveBack(db, rows, at);
  return rows.length;
}
