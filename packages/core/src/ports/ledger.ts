import type { MicroUsd } from '../billing/pricing.js';
import type { LimitReset } from './store.js';

/**
 * Credits ledger (integer microdollars). Every movement of money is an immutable entry with an
 * idempotency key, unique per account; an account's balance is the sum of its entries' amounts and
 * is kept, with the totals below, in a balance row updated in the same transaction as each entry.
 *
 * Signs: `topup` and `refund` are positive, `charge` is negative, `adjustment` either.
 * total credits = Σ topup + Σ adjustment; total usage = −(Σ charge + Σ refund);
 * balance = total credits − total usage.
 */
export type LedgerEntryKind = 'topup' | 'charge' | 'refund' | 'adjustment';

export interface LedgerEntry {
  readonly id: string;
  readonly accountId: string;
  readonly kind: LedgerEntryKind;
  /** Signed amount (see the signs above). */
  readonly amountMicro: MicroUsd;
  readonly idempotencyKey: string;
  /** Charges: the key that spent it. */
  readonly keyId: string | null;
  /** Charges: the generation billed (also the idempotency key). */
  readonly generationId: string | null;
  /** Charges: what counts toward the key's spend limit (the charged amount unless BYOK is valued differently). */
  readonly keyUsageMicro: MicroUsd;
  /** When the spend happened (a charge: when its request started, so windows match generation records). */
  readonly occurredAt: Date;
  readonly createdAt: Date;
  readonly note: string | null;
}

/** A top-up, refund or adjustment (charges are written by `settle`). */
export interface NewLedgerEntry {
  readonly accountId: string;
  readonly kind: Exclude<LedgerEntryKind, 'charge'>;
  /** topup and refund: > 0; adjustment: non-zero, either sign. */
  readonly amountMicro: MicroUsd;
  readonly idempotencyKey: string;
  readonly note?: string | null;
  readonly at: Date;
}

export interface PostResult {
  readonly entry: LedgerEntry;
  /** False when an entry with this idempotency key already existed (returned as it was stored). */
  readonly created: boolean;
}

export interface AccountBalance {
  readonly accountId: string;
  readonly totalCreditsMicro: MicroUsd;
  readonly totalUsageMicro: MicroUsd;
  /** total credits − total usage (may be negative when credits are not enforced). */
  readonly balanceMicro: MicroUsd;
  /** Sum of open holds that reserved account balance. */
  readonly reservedMicro: MicroUsd;
}

/** A key's spend limit in its current reset window (computed by the caller from the key and `now`). */
export interface KeyLimitWindow {
  readonly limitMicro: MicroUsd;
  readonly reset: LimitReset | null;
  /** Start of the current UTC window in epoch ms (0 when the limit never resets). */
  readonly windowStartMs: number;
}

/**
 * A guardrail budget in its current reset window (computed by the caller from the guardrail and
 * `now`). Its spend is a counter per guardrail: only requests reserved against it while it was
 * assigned count, never a sum over its keys' history.
 */
export interface GuardrailBudgetWindow {
  readonly guardrailId: string;
  readonly limitMicro: MicroUsd;
  /** Start of the current UTC window in epoch ms (0 when the budget never resets). */
  readonly windowStartMs: number;
  /** BYOK requests count their upstream value (`SettleOptions.byokUsageMicro`) too. */
  readonly includeByok: boolean;
}

/** A guardrail budget's counter: spend in its window and open holds reserved against it. */
export interface GuardrailSpend {
  readonly spentMicro: MicroUsd;
  readonly reservedMicro: MicroUsd;
  /** Start (epoch ms) of the window `spentMicro` covers. */
  readonly windowStartMs: number;
}

export interface ReserveInput {
  readonly accountId: string;
  readonly keyId: string;
  readonly generationId: string;
  readonly amountMicro: MicroUsd;
  /** Check and reserve the account's available balance (credits enforced). */
  readonly enforceBalance: boolean;
  /** Check and reserve the key's remaining limit; null when the key has no limit. */
  readonly keyLimit: KeyLimitWindow | null;
  /** Check and reserve each of these guardrail budgets (those with a `limit_usd`); none when absent. */
  readonly guardrails?: readonly GuardrailBudgetWindow[];
  readonly at: Date;
  readonly expiresAt: Date;
}

export interface Hold {
  readonly id: string;
  readonly accountId: string;
  readonly keyId: string;
  readonly generationId: string;
  readonly amountMicro: MicroUsd;
  readonly status: 'held' | 'settled' | 'released';
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type ReserveResult =
  | { readonly ok: true; readonly hold: Hold }
  /** `availableMicro`: what the account (balance − reserved) or the key (limit − spent − reserved) has left. */
  | { readonly ok: false; readonly source: 'account' | 'key'; readonly availableMicro: MicroUsd }
  /** A guardrail's budget (limit − spent in its window − reserved) refused; `spentMicro` includes its open holds. */
  | { readonly ok: false; readonly source: 'guardrail'; readonly guardrailId: string; readonly availableMicro: MicroUsd; readonly spentMicro: MicroUsd };

export interface SettleOptions {
  /** What counts toward the key's limit; default `actual`. */
  readonly keyUsageMicro?: MicroUsd;
  /** BYOK: the upstream cost at list price, added to the budgets of guardrails that include BYOK; default 0. */
  readonly byokUsageMicro?: MicroUsd;
  readonly at: Date;
}

/** Spend of a key from its charges, over the UTC day, ISO week and calendar month containing `now`. */
export interface KeySpend {
  readonly total: MicroUsd;
  readonly daily: MicroUsd;
  readonly weekly: MicroUsd;
  readonly monthly: MicroUsd;
  /** Open holds of the key (in-flight requests). */
  readonly reservedMicro: MicroUsd;
}

/** A charge with nothing reserved for it (see `LedgerRepository.chargeMany`). */
export interface DirectCharge {
  readonly generationId: string;
  readonly accountId: string;
  readonly keyId: string;
  /** > 0; or 0 when `keyUsageMicro` > 0 (a BYOK request inside the free allowance that counts toward its key). */
  readonly amountMicro: MicroUsd;
  /** What counts toward the key's spend when it differs from the charge (BYOK); default the charge. */
  readonly keyUsageMicro?: MicroUsd;
  /** When the request started (so key windows match the generation record). */
  readonly at: Date;
}

export interface LedgerRepository {
  /**
   * Appends a top-up, refund or adjustment; idempotent on (account, idempotency key). Charges share
   * that namespace with their generation id as key, so callers must not post with a "gen-…" key.
   */
  post(entry: NewLedgerEntry): Promise<PostResult>;
  balance(accountId: string): Promise<AccountBalance>;
  /** Entries of an account, newest first. */
  entries(accountId: string, limit: number): Promise<readonly LedgerEntry[]>;
  /**
   * Atomically checks and reserves `amountMicro` of the account's available balance (when
   * enforced), of the key's remaining limit in its window (when it has one) and of each guardrail
   * budget given, and records a hold. All or nothing; rows are locked in a fixed order (account,
   * key, guardrails by id). Concurrent reserves never reserve more than is available.
   */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /**
   * Writes the `charge` entry (idempotency key: the hold's generation id) for `actualMicro` and
   * releases the hold's reservation. Idempotent; also charges a hold that expiry already released
   * (the generation happened). `actualMicro` 0 only releases, unless `keyUsageMicro` > 0: then a
   * charge entry of 0 records what counts toward the key (a BYOK request inside the free allowance).
   */
  settle(holdId: string, actualMicro: MicroUsd, options: SettleOptions): Promise<void>;
  /**
   * Writes charges that reserved nothing (credits not enforced, no key limit, no guardrail budget):
   * one multi-row insert, idempotent on each generation id, and one balance update per account, in
   * the caller's transaction when there is one (the generation writer's batch). Their keys' limit
   * counters are marked stale, so a limit added later recomputes its window from the entries.
   */
  chargeMany(charges: readonly DirectCharge[], at: Date): Promise<void>;
  /** Releases an open hold without charging; a no-op on a settled or released hold. */
  release(holdId: string): Promise<void>;
  /** Releases every open hold that expired at or before `now` (crash recovery); returns how many. */
  releaseExpiredHolds(now: Date): Promise<number>;
  getHold(holdId: string): Promise<Hold | undefined>;
  /** Charges of a key (what counts toward its limit) and its open holds. */
  keySpend(keyId: string, now: Date): Promise<KeySpend>;
  /** A guardrail budget's counter as of `windowStartMs` (spend 0 when the counter is of an earlier window). */
  guardrailSpend(guardrailId: string, windowStartMs: number): Promise<GuardrailSpend>;
}
