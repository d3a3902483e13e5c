import type { DbBoolean, DbInteger, DbNullableInteger } from '../schema.js';

/** Tables of migration 0002-ledger (see that file for constraints). */
export interface LedgerEntriesTable {
  id: string;
  account_id: string;
  /** 'topup' | 'charge' | 'refund' | 'adjustment' (CHECK constraint). */
  kind: string;
  amount_micro: DbInteger;
  idempotency_key: string;
  key_id: string | null;
  generation_id: string | null;
  key_usage_micro: DbInteger;
  occurred_at: DbInteger;
  created_at: DbInteger;
  note: string | null;
}

export interface AccountBalancesTable {
  account_id: string;
  total_credits_micro: DbInteger;
  total_usage_micro: DbInteger;
  balance_micro: DbInteger;
  reserved_micro: DbInteger;
  updated_at: DbInteger;
}

export interface CreditHoldsTable {
  id: string;
  account_id: string;
  key_id: string;
  generation_id: string;
  amount_micro: DbInteger;
  reserves_balance: DbBoolean;
  reserves_key: DbBoolean;
  /** Migration 0008: the hold has rows in `credit_hold_guardrails`. */
  reserves_guardrails: DbBoolean;
  /** 'held' | 'settled' | 'released' (CHECK constraint). */
  status: string;
  settled_micro: DbNullableInteger;
  created_at: DbInteger;
  expires_at: DbInteger;
}

export interface KeySpendTable {
  key_id: string;
  /** Start (epoch ms) of the window `spent_micro` covers: charges with occurred_at >= it. */
  window_start: DbInteger;
  spent_micro: DbInteger;
  reserved_micro: DbInteger;
}

/** Migration 0008-guardrail-spend: a guardrail budget's counter, like `key_spend`. */
export interface GuardrailSpendTable {
  guardrail_id: string;
  /** Start (epoch ms) of the window `spent_micro` covers; only ever moves forward. */
  window_start: DbInteger;
  spent_micro: DbInteger;
  reserved_micro: DbInteger;
}

/** The guardrails a hold reserved against (migration 0008). */
export interface CreditHoldGuardrailsTable {
  hold_id: string;
  guardrail_id: string;
  include_byok: DbBoolean;
}

export interface LedgerTables {
  ledger_entries: LedgerEntriesTable;
  account_balances: AccountBalancesTable;
  credit_holds: CreditHoldsTable;
  key_spend: KeySpendTable;
  guardrail_spend: GuardrailSpendTable;
  credit_hold_guardrails: CreditHoldGuardrailsTable;
}
