import {
  GatewayError,
  microToUsd,
  type ApiKeyRecord,
  type Clock,
  type Endpoint,
  type GenerationRecord,
  type GuardrailRecord,
  type Hold,
  type LedgerRepository,
  type MicroUsd,
  type ReserveResult,
  type Store,
} from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { Logger } from '../logger.js';
import type { CreditsSettings } from './credits-config.js';
import type { DeferredCharges } from './deferred-charges.js';
import { affordableTokens, estimateMaxCost, type MaxCost } from './estimate-max-cost.js';
import { guardrailBudgetError } from '../guardrails/guardrail-budget-error.js';
import { guardrailBudgets } from './guardrail-budgets.js';
import { keyLimitWindow } from './limit-window.js';

export interface CreditGateDeps {
  readonly ledger: LedgerRepository;
  readonly settings: CreditsSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * The store's transaction: a settle given the generation record stores the charge and the record
   * together, so a crash can leave neither a charge without its record nor an answer without either.
   */
  readonly transaction?: Store['transaction'];
  /**
   * Where the charge of a request with nothing to check goes (credits not enforced, no key limit, no
   * guardrail budget): written with its generation record by the write-behind writer, instead of a
   * hold and a settle on the request path. Without it such requests get a hold like any other.
   */
  readonly deferred?: DeferredCharges;
}

/** Who pays for a chat request. */
export interface Payer {
  readonly key: ApiKeyRecord;
  readonly generationId: string;
  /** When the request started: the charge's time, so key windows match the generation record. */
  readonly createdAt: Date;
  /** The key's guardrails (as admitted for this request): those with a budget are reserved against too. */
  readonly guardrails?: readonly GuardrailRecord[];
}

/**
 * Reservations for chat requests: before the first upstream call the request's maximum cost is
 * reserved, in one transaction, against the account's balance (when credits are enforced), the
 * key's spend limit (if it has one) and the budget of each of the key's guardrails that has one;
 * 402 `insufficient_credits` when the account or the key cannot cover it, 403 naming the guardrail
 * (`blocked: {budget: true}`) when a guardrail budget cannot. A hold that is never settled (crash)
 * expires and is released by the sweeper.
 */
export class CreditGate {
  constructor(private readonly deps: CreditGateDeps) {}

  async reserve(payer: Payer, request: ChatCompletionRequest, plan: readonly Endpoint[]): Promise<CreditReservation> {
    const { key } = payer;
    const keyLimit = keyLimitWindow(key, payer.createdAt);
    const guardrails = guardrailBudgets(payer.guardrails ?? [], payer.createdAt);
    const { deferred } = this.deps;
    // Nothing to check: no estimate is needed (a free plan's charge of 0 is simply not deferred).
    if (deferred !== undefined && !this.deps.settings.enforce && keyLimit === null && guardrails.length === 0) {
      return new CreditReservation(this.deps, undefined, { deferred, payer });
    }
    const cost = estimateMaxCost(request, plan);
    if (cost === undefined) {
      // Free models need no credits, but not a debt: as on OpenRouter, a negative balance is a 402 for them too.
      if (this.deps.settings.enforce) await this.refuseDebt(key);
      return new CreditReservation(this.deps, undefined);
    }
    const expiresAt = new Date(payer.createdAt.getTime() + this.deps.settings.holdTtlMs);
    const result = await this.deps.ledger.reserve({
      accountId: key.accountId,
      keyId: key.id,
      generationId: payer.generationId,
      amountMicro: cost.amountMicro,
      enforceBalance: this.deps.settings.enforce,
      keyLimit,
      guardrails,
      at: payer.createdAt,
      expiresAt,
    });
    if (!result.ok) throw refusal(result, cost, payer);
    return new CreditReservation(this.deps, result.hold);
  }


  private async refuseDebt(key: ApiKeyRecord): Promise<void> {
    const { balanceMicro } = await this.deps.ledger.balance(key.accountId);
    if (balanceMicro >= 0) return;
    throw new GatewayError(
      'insufficient_credits',
      `This account has a negative credit balance (${usd(balanceMicro)}), so it cannot use free models either. Add credits to this account to continue.`,
      { metadata: { limit_source: 'credits', available_usd: microToUsd(balanceMicro) } },
    );
  }
}

function refusal(result: Exclude<ReserveResult, { ok: true }>, cost: MaxCost, payer: Payer): GatewayError {
  if (result.source !== 'guardrail') return insufficientCredits(cost, result.source, result.availableMicro, payer.key);
  const guardrail = payer.guardrails?.find((candidate) => candidate.id === result.guardrailId);
  if (guardrail === undefined) throw new Error(`the ledger refused guardrail ${result.guardrailId}, which the request did not reserve against`);
  return guardrailBudgetError(guardrail, result.spentMicro, cost.amountMicro, payer.createdAt);
}

/** One request's hold: settled with the actual cost, or released. Both at most once. */
export class CreditReservation {
  private done = false;

  constructor(
    private readonly deps: CreditGateDeps,
    readonly hold: Hold | undefined,
    private readonly later?: { readonly deferred: DeferredCharges; readonly payer: Payer },
  ) {}

  /**
   * Charges `actualMicro` (0: releases). With `record` (and the store's transaction) the generation
   * record is stored in the same transaction; true then, false when the caller must still store it
   * (no hold, no transaction, or a store failure). A store failure is logged: the hold then expires uncharged.
   */
  async settle(actualMicro: MicroUsd, record?: GenerationRecord, keyUsageMicro?: MicroUsd, byokUsageMicro?: MicroUsd): Promise<boolean> {
    const hold = this.take();
    if (hold === undefined) {
      this.defer(actualMicro, keyUsageMicro);
      return false;
    }
    // `keyUsageMicro`: what counts toward the key's limit when it differs from the charge (BYOK);
    // `byokUsageMicro`: a BYOK request's upstream cost, for guardrails that include BYOK in budgets.
    const options = {
      at: this.deps.clock.now(),
      ...(keyUsageMicro === undefined ? {} : { keyUsageMicro }),
      ...(byokUsageMicro === undefined ? {} : { byokUsageMicro }),
    };
    const { transaction } = this.deps;
    if (record !== undefined && transaction !== undefined) {
      try {
        await transaction(async (tx) => {
          await tx.ledger.settle(hold.id, actualMicro, options);
          await tx.generations.insertMany([record]);
        });
        return true;
      } catch (error) {
        this.deps.logger.warn('storing a charge with its generation record failed; charging alone', { holdId: hold.id, error });
      }
    }
    try {
      await this.deps.ledger.settle(hold.id, actualMicro, options);
    } catch (error) {
      this.deps.logger.error('settling a credit hold failed; it will expire uncharged', {
        holdId: hold.id,
        generationId: hold.generationId,
        amountMicro: actualMicro,
        error,
      });
    }
    return false;
  }

  /** Gives the reservation back (failed request, or an exception on the way). */
  async release(): Promise<void> {
    const hold = this.take();
    if (hold === undefined) return;
    try {
      await this.deps.ledger.release(hold.id);
    } catch (error) {
      this.deps.logger.error('releasing a credit hold failed; it will be released when it expires', { holdId: hold.id, error });
    }
  }

  /** No hold (nothing to check): the charge travels with the generation record the caller queues. */
  private defer(actualMicro: MicroUsd, keyUsageMicro: MicroUsd | undefined): void {
    if (this.later === undefined) return;
    const { deferred, payer } = this.later;
    deferred.add({
      generationId: payer.generationId,
      accountId: payer.key.accountId,
      keyId: payer.key.id,
      amountMicro: actualMicro,
      ...(keyUsageMicro === undefined ? {} : { keyUsageMicro }),
      at: payer.createdAt,
    });
  }

  private take(): Hold | undefined {
    if (this.done) return undefined;
    this.done = true;
    return this.hold;
  }
}

function usd(micro: number): string {
  return `${micro < 0 ? '-' : ''}$${microToUsd(Math.abs(micro)).toFixed(6).replace(/0{1,4}$/, '')}`;
}

/** OpenRouter's pre-flight 402 ("…can only afford M"), naming whether the account or the key's limit refused. */
export function insufficientCredits(cost: MaxCost, source: 'account' | 'key', availableMicro: MicroUsd, key: ApiKeyRecord): GatewayError {
  const affordable = affordableTokens(cost, availableMicro);
  const head = `This request requires more credits, or fewer max_tokens. You requested up to ${String(cost.completionTokens)} tokens, but can only afford ${String(affordable)}.`;
  const metadata = {
    limit_source: source === 'account' ? 'credits' : 'key_limit',
    requested_tokens: cost.completionTokens,
    affordable_tokens: affordable,
    required_usd: microToUsd(cost.amountMicro),
    available_usd: microToUsd(availableMicro),
    model: cost.endpoint.modelId,
  };
  if (source === 'account') {
    return new GatewayError('insufficient_credits', `${head} To increase, add credits to this account (${usd(availableMicro)} available).`, { metadata });
  }
  const period = key.limitReset === null ? 'total' : key.limitReset;
  const limit = usd(key.limitMicro ?? 0);
  return new GatewayError(
    'insufficient_credits',
    `${head} This key's ${period} limit of ${limit} has ${usd(availableMicro)} left: raise the key's limit or use a key with a higher ${period} limit.`,
    { metadata: { ...metadata, limit_reset: key.limitReset } },
  );
}
