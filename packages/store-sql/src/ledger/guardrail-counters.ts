import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { GuardrailBudgetWindow, GuardrailSpend, MicroUsd } from '@switchyard/core';
import { fromDbBoolean, fromDbInteger, toDbBoolean, toMicro } from '../codec.js';
import type { Database } from '../schema.js';

/**
 * Guardrail budget counters (`guardrail_spend`, migration 0008): one row per guardrail with the
 * spend of its current window and the open holds reserved against it. A counter's window only moves
 * forward: a reserve in a later window starts it over at 0 (holds stay reserved; their charges count
 * only if they happened in the new window); a reserve computed for an earlier window (a request
 * that started just before midnight, or an interval changed to a longer one) is checked against the
 * counter as it stands. Every function runs in the caller's transaction, guardrails sorted by id.
 */

const byGuardrailId = (a: GuardrailBudgetWindow, b: GuardrailBudgetWindow): number =>
  a.guardrailId < b.guardrailId ? -1 : a.guardrailId > b.guardrailId ? 1 : 0;

/** The budgets in lock order, one per guardrail. */
export function lockOrder(budgets: readonly GuardrailBudgetWindow[]): GuardrailBudgetWindow[] {
  const unique = new Map(budgets.map((budget) => [budget.guardrailId, budget]));
  return [...unique.values()].sort(byGuardrailId);
}

/** Spend the counter holds for a window starting at `windowStart` (0 when the counter is older). */
function spentFor(windowStart: number) {
  return sql<number>`(case when guardrail_spend.window_start < ${windowStart} then 0 else guardrail_spend.spent_micro end)`;
}

export interface GuardrailRefusal {
  readonly guardrailId: string;
  readonly availableMicro: MicroUsd;
  readonly spentMicro: MicroUsd;
}

/**
 * Reserves `amount` on each budget in lock order; on the first one without room, gives back what it
 * reserved on the earlier ones and returns the refusal.
 */
export async function reserveOnGuardrails(
  db: Kysely<Database>,
  budgets: readonly GuardrailBudgetWindow[],
  amount: number,
): Promise<GuardrailRefusal | undefined> {
  const reserved: string[] = [];
  for (const budget of budgets) {
    if (await reserveOn(db, budget, amount)) {
      reserved.push(budget.guardrailId);
      continue;
    }
    for (const guardrailId of reserved) await releaseOn(db, guardrailId, amount);
    const spend = await guardrailSpendOf(db, budget.guardrailId, budget.windowStartMs);
    const used = spend.spentMicro + spend.reservedMicro;
    return { guardrailId: budget.guardrailId, availableMicro: Math.max(0, budget.limitMicro - used), spentMicro: used };
  }
  return undefined;
}

async function reserveOn(db: Kysely<Database>, budget: GuardrailBudgetWindow, amount: number): Promise<boolean> {
  const start = budget.windowStartMs;
  await db
    .insertInto('guardrail_spend')
    .values({ guardrail_id: budget.guardrailId, window_start: start, spent_micro: 0, reserved_micro: 0 })
    .onConflict((oc) => oc.column('guardrail_id').doNothing())
    .execute();
  // One conditional UPDATE: the row lock (PostgreSQL) or the single writer (SQLite) makes check and reserve atomic.
  const row = await db
    .updateTable('guardrail_spend')
    .set({
      spent_micro: spentFor(start),
      window_start: sql`(case when guardrail_spend.window_start < ${start} then ${start} else guardrail_spend.window_start end)`,
      reserved_micro: sql`guardrail_spend.reserved_micro + ${amount}`,
    })
    .where('guardrail_id', '=', budget.guardrailId)
    .where(sql<boolean>`${spentFor(start)} + guardrail_spend.reserved_micro + ${amount} <= ${budget.limitMicro}`)
    .returning('guardrail_id')
    .executeTakeFirst();
  return row !== undefined;
}

async function releaseOn(db: Kysely<Database>, guardrailId: string, amount: number): Promise<void> {
  await db.updateTable('guardrail_spend').set({ reserved_micro: sql`reserved_micro - ${amount}` }).where('guardrail_id', '=', guardrailId).execute();
}

/** Records which guardrails the new hold reserved against. */
export async function linkHold(db: Kysely<Database>, holdId: string, budgets: readonly GuardrailBudgetWindow[]): Promise<void> {
  if (budgets.length === 0) return;
  await db
    .insertInto('credit_hold_guardrails')
    .values(budgets.map((budget) => ({ hold_id: holdId, guardrail_id: budget.guardrailId, include_byok: toDbBoolean(budget.includeByok) })))
    .execute();
}

export interface GuardrailSettlement {
  readonly holdId: string;
  /** The charge (0 when none was written by this call). */
  readonly chargedMicro: number;
  /** BYOK upstream value, counted by guardrails that include BYOK (only with a charge). */
  readonly byokMicro: number;
  /** When the spend happened: it counts only in a counter whose window started by then. */
  readonly occurredAt: number;
  /** The hold's reservation to give back (0 when expiry already gave it back). */
  readonly releasedMicro: number;
}

/** Counts a settled hold's charge on its guardrails and gives back their reservation. */
export async function settleGuardrails(db: Kysely<Database>, settlement: GuardrailSettlement): Promise<void> {
  const { chargedMicro, byokMicro, occurredAt, releasedMicro } = settlement;
  if (chargedMicro === 0 && byokMicro === 0 && releasedMicro === 0) return;
  const links = await db
    .selectFrom('credit_hold_guardrails')
    .select(['guardrail_id', 'include_byok'])
    .where('hold_id', '=', settlement.holdId)
    .orderBy('guardrail_id')
    .execute();
  for (const link of links) {
    const counted = chargedMicro + (fromDbBoolean(link.include_byok) ? byokMicro : 0);
    await db
      .updateTable('guardrail_spend')
      .set({
        spent_micro: sql`guardrail_spend.spent_micro + (case when guardrail_spend.window_start <= ${occurredAt} then ${counted} else 0 end)`,
        reserved_micro: sql`guardrail_spend.reserved_micro - ${releasedMicro}`,
      })
      .where('guardrail_id', '=', link.guardrail_id)
      .execute();
  }
}

const CHUNK = 500;

/** Gives back what released holds (id → amount) reserved on their guardrails, one UPDATE per guardrail in id order. */
export async function giveBackGuardrails(db: Kysely<Database>, amounts: ReadonlyMap<string, number>): Promise<void> {
  const holdIds = [...amounts.keys()];
  if (holdIds.length === 0) return;
  const totals = new Map<string, number>();
  for (let i = 0; i < holdIds.length; i += CHUNK) {
    const links = await db
      .selectFrom('credit_hold_guardrails')
      .select(['hold_id', 'guardrail_id'])
      .where('hold_id', 'in', holdIds.slice(i, i + CHUNK))
      .execute();
    for (const link of links) totals.set(link.guardrail_id, (totals.get(link.guardrail_id) ?? 0) + (amounts.get(link.hold_id) ?? 0));
  }
  for (const guardrailId of [...totals.keys()].sort()) await releaseOn(db, guardrailId, totals.get(guardrailId) ?? 0);
}

export async function guardrailSpendOf(db: Kysely<Database>, guardrailId: string, windowStartMs: number): Promise<GuardrailSpend> {
  const row = await db
    .selectFrom('guardrail_spend')
    .select(['window_start', 'spent_micro', 'reserved_micro'])
    .where('guardrail_id', '=', guardrailId)
    .executeTakeFirst();
  if (row === undefined) return { spentMicro: 0, reservedMicro: 0, windowStartMs };
  const stored = fromDbInteger(row.window_start, 'guardrail_spend.window_start');
  return {
    spentMicro: stored < windowStartMs ? 0 : toMicro(row.spent_micro, 'guardrail_spend.spent_micro'),
    reservedMicro: toMicro(row.reserved_micro, 'guardrail_spend.reserved_micro'),
    windowStartMs: Math.max(stored, windowStartMs),
  };
}
