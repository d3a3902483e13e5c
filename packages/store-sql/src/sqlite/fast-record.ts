import type { Database as BetterSqlite3Database, Statement } from 'better-sqlite3';
import type { DirectCharge, GenerationRecord } from '@switchyard/core';
import { toEpochMs } from '../codec.js';
import { byAccountId, chargeEntryRow } from '../ledger/direct-charges.js';
import { generationRowWriter, generationRows } from './fast-generation-insert.js';

type EntryRow = ReturnType<typeof chargeEntryRow>;

interface ChargeStatements {
  readonly entry: Statement;
  readonly balance: Statement;
  readonly staleKey: Statement;
}

/**
 * `Store.recordGenerations` for SQLite without the query builder: the records and their charges in
 * one better-sqlite3 transaction of prepared statements. Same semantics as the shared
 * `chargeManyIn` (entries idempotent per account and generation; the balance grows by what was
 * inserted; the keys' limit counters are marked stale), at a fraction of the cost of compiling a
 * multi-row statement per batch. Everything is validated before any SQL.
 */
export function createFastRecord(
  database: BetterSqlite3Database,
): (records: readonly GenerationRecord[], charges: readonly DirectCharge[], at: Date) => Promise<void> {
  const writeGenerations = generationRowWriter(database);
  let statements: ChargeStatements | undefined;
  const writeAll = database.transaction((rows: readonly Record<string, unknown>[], entries: readonly EntryRow[], createdAt: number) => {
    writeGenerations(rows);
    if (entries.length > 0) writeCharges((statements ??= prepareCharges(database)), entries, createdAt);
  });
  return (records, charges, at) => {
    try {
      const createdAt = toEpochMs(at, 'recordGenerations.at');
      writeAll(generationRows(records), charges.map((charge) => chargeEntryRow(charge, createdAt)), createdAt);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

function prepareCharges(database: BetterSqlite3Database): ChargeStatements {
  return {
    entry: database.prepare(
      `insert into ledger_entries (id, account_id, kind, amount_micro, idempotency_key, key_id, generation_id, key_usage_micro, occurred_at, created_at, note)
       values (@id, @account_id, @kind, @amount_micro, @idempotency_key, @key_id, @generation_id, @key_usage_micro, @occurred_at, @created_at, @note)
       on conflict (account_id, idempotency_key) do nothing`,
    ),
    balance: database.prepare(
      `insert into account_balances (account_id, total_credits_micro, total_usage_micro, balance_micro, reserved_micro, updated_at)
       values (?, 0, ?, ?, 0, ?)
       on conflict (account_id) do update set
         total_usage_micro = account_balances.total_usage_micro + excluded.total_usage_micro,
         balance_micro = account_balances.balance_micro + excluded.balance_micro,
         updated_at = excluded.updated_at`,
    ),
    // -1 never equals a window start: the next reserve recomputes the key's window from the entries.
    staleKey: database.prepare('update key_spend set window_start = -1 where key_id = ?'),
  };
}

function writeCharges(statements: ChargeStatements, entries: readonly EntryRow[], createdAt: number): void {
  const usageByAccount = new Map<string, number>();
  for (const entry of entries) {
    if (statements.entry.run(entry).changes === 0) continue; // already charged (a batch written again)
    usageByAccount.set(entry.account_id, (usageByAccount.get(entry.account_id) ?? 0) - entry.amount_micro);
  }
  for (const [accountId, usage] of byAccountId(usageByAccount)) statements.balance.run(accountId, usage, -usage, createdAt);
  for (const keyId of new Set(entries.map((entry) => entry.key_id))) statements.staleKey.run(keyId);
}
