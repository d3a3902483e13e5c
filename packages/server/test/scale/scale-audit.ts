import { expect } from 'vitest';
import type pg from 'pg';
import { ACCOUNT_ID } from './scale-cluster.js';
import { sleep } from './scale-client.js';

/**
 * Reads the shared PostgreSQL schema directly: generation records, ledger entries, holds and the
 * balance row, so the tests check what is stored, not what one process believes.
 */
export interface AuditRow {
  readonly records: number;
  readonly charges: number;
  readonly costMicro: number;
  readonly chargedMicro: number;
}

const num = (value: unknown) => Number(value);

/** Per generation id: how many records and charges exist, the record's cost and the charged amount. */
export async function auditIds(db: pg.Pool, ids: readonly string[]): Promise<Map<string, AuditRow>> {
  const result = await db.query<{ id: string; records: string; charges: string; cost: string | null; charged: string | null }>(
    `select i.id,
            (select count(*) from generations g where g.id = i.id) as records,
            (select count(*) from ledger_entries e where e.generation_id = i.id and e.kind = 'charge') as charges,
            (select max(g.cost_micro) from generations g where g.id = i.id) as cost,
            (select -sum(e.amount_micro) from ledger_entries e where e.generation_id = i.id and e.kind = 'charge') as charged
       from unnest($1::text[]) as i(id)`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, { records: num(row.records), charges: num(row.charges), costMicro: num(row.cost ?? 0), chargedMicro: num(row.charged ?? 0) }]));
}

export interface LedgerTotals {
  readonly topupsMicro: number;
  readonly chargesMicro: number;
  readonly recordCostMicro: number;
  readonly balance: { readonly totalCredits: number; readonly totalUsage: number; readonly balance: number; readonly reserved: number };
  readonly openHolds: number;
  readonly openHeldMicro: number;
  /** Charges whose generation has no record, and costed records with no charge. */
  readonly chargesWithoutRecord: number;
  readonly recordsWithoutCharge: number;
  readonly duplicateCharges: number;
}

export async function ledgerTotals(db: pg.Pool): Promise<LedgerTotals> {
  const one = async (text: string) => num((await db.query<{ n: string | null }>(text, [ACCOUNT_ID])).rows[0]?.n ?? 0);
  const row = (await db.query<Record<string, string>>('select * from account_balances where account_id = $1', [ACCOUNT_ID])).rows[0];
  return {
    topupsMicro: await one(`select sum(amount_micro) as n from ledger_entries where account_id = $1 and kind = 'topup'`),
    chargesMicro: -(await one(`select sum(amount_micro) as n from ledger_entries where account_id = $1 and kind = 'charge'`)),
    recordCostMicro: await one('select sum(cost_micro) as n from generations where account_id = $1'),
    balance: {
      totalCredits: num(row?.['total_credits_micro']),
      totalUsage: num(row?.['total_usage_micro']),
      balance: num(row?.['balance_micro']),
      reserved: num(row?.['reserved_micro']),
    },
    openHolds: await one(`select count(*) as n from credit_holds where account_id = $1 and status = 'held'`),
    openHeldMicro: await one(`select sum(amount_micro) as n from credit_holds where account_id = $1 and status = 'held'`),
    chargesWithoutRecord: await one(
      `select count(*) as n from ledger_entries e where e.account_id = $1 and e.kind = 'charge'
          and not exists (select 1 from generations g where g.id = e.generation_id)`,
    ),
    recordsWithoutCharge: await one(
      `select count(*) as n from generations g where g.account_id = $1 and g.cost_micro > 0
          and not exists (select 1 from ledger_entries e where e.generation_id = g.id and e.kind = 'charge')`,
    ),
    duplicateCharges: await one(
      `select count(*) as n from (select generation_id from ledger_entries where account_id = $1 and kind = 'charge'
          group by generation_id having count(*) > 1) d`,
    ),
  };
}

/** Generation ids of holds in `status`. */
export async function holdGenerations(db: pg.Pool, status: 'held' | 'settled' | 'released'): Promise<string[]> {
  const result = await db.query<{ generation_id: string }>('select generation_id from credit_holds where status = $1', [status]);
  return result.rows.map((row) => row.generation_id);
}

/** Charged micro-dollars of one key (by the key's hash), its limit and its largest reservation. */
export async function keySpend(db: pg.Pool, hash: string): Promise<{ spentMicro: number; limitMicro: number | null; largestHoldMicro: number }> {
  const result = await db.query<{ spent: string | null; limit_micro: string | null; largest: string | null }>(
    `select (select -sum(e.amount_micro) from ledger_entries e where e.key_id = k.id and e.kind = 'charge') as spent, k.limit_micro,
            (select max(h.amount_micro) from credit_holds h where h.key_id = k.id) as largest
       from api_keys k where k.hash = $1`,
    [hash],
  );
  const row = result.rows[0];
  return {
    spentMicro: num(row?.spent ?? 0),
    limitMicro: row?.limit_micro == null ? null : num(row.limit_micro),
    largestHoldMicro: num(row?.largest ?? 0),
  };
}

/** The balance, the entries and the records agree to the micro-dollar, and nothing is left reserved. */
export function expectBalanced(totals: LedgerTotals): void {
  expect(totals.duplicateCharges).toBe(0);
  expect(totals.chargesWithoutRecord).toBe(0);
  expect(totals.recordsWithoutCharge).toBe(0);
  expect(totals.chargesMicro).toBe(totals.recordCostMicro);
  expect(totals.balance).toEqual({
    totalCredits: totals.topupsMicro,
    totalUsage: totals.chargesMicro,
    balance: totals.topupsMicro - totals.chargesMicro,
    reserved: totals.openHeldMicro,
  });
}

/** Polls until `check` passes (write-behind rows, hold expiry); the last failure is thrown. */
export async function eventually(check: () => Promise<void>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(everyMs);
    }
  }
}
