import { GatewayError, microToUsd, type ApiKeyRecord, type Clock, type Endpoint, type Hold, type LedgerRepository, type MicroUsd } from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { Logger } from '../logger.js';
import type { CreditsSettings } from './credits-config.js';
import { affordableTokens, estimateMaxCost, type MaxCost } from './estimate-max-cost.js';
import { keyLimitWindow } from './limit-window.js';

export interface CreditGateDeps {
  readonly ledger: LedgerRepository;
  readonly settings: CreditsSettings;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Who pays for a chat request. */
export interface Payer {
  readonly key: ApiKeyRecord;
  readonly generationId: string;
  /** When the request started: the charge's time, so key windows match the generation record. */
  readonly createdAt: Date;
}

/**
 * Reservations for chat requests: before the first upstream call the request's maximum cost is
 * reserved against the account's balance (when credits are enforced) and the key's spend limit (if
 * it has one); 402 `insufficient_credits` when either cannot cover it. One round trip each to
 * reserve and to settle; a hold that is never settled (crash) expires and is released by the sweeper.
 */
export class CreditGate {
  constructor(private readonly deps: CreditGateDeps) {}

  async reserve(payer: Payer, request: ChatCompletionRequest, plan: readonly Endpoint[]): Promise<CreditReservation> {
    const cost = estimateMaxCost(request, plan);
    if (cost === undefined) return new CreditReservation(this.deps, undefined);
    const { key } = payer;
    const expiresAt = new Date(payer.createdAt.getTime() + this.deps.settings.holdTtlMs);
    const result = await this.deps.ledger.reserve({
      accountId: key.accountId,
      keyId: key.id,
      generationId: payer.generationId,
      amountMicro: cost.amountMicro,
      enforceBalance: this.deps.settings.enforce,
      keyLimit: keyLimitWindow(key, payer.createdAt),
      at: payer.createdAt,
      expiresAt,
    });
    if (!result.ok) throw insufficientCredits(cost, result.source, result.availableMicro, key);
    return new CreditReservation(this.deps, result.hold);
  }
}

/** One request's hold: settled with the actual cost, or released. Both at most once. */
export class CreditReservation {
  private done = false;

  constructor(
    private readonly deps: CreditGateDeps,
    readonly hold: Hold | undefined,
  ) {}

  /** Charges `actualMicro` (0: releases). A store failure is logged: the hold then expires uncharged. */
  async settle(actualMicro: MicroUsd): Promise<void> {
    const hold = this.take();
    if (hold === undefined) return;
    try {
      await this.deps.ledger.settle(hold.id, actualMicro, { at: this.deps.clock.now() });
    } catch (error) {
      this.deps.logger.error('settling a credit hold failed; it will expire uncharged', {
        holdId: hold.id,
        generationId: hold.generationId,
        amountMicro: actualMicro,
        error,
      });
    }
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

  private take(): Hold | undefined {
    if (this.done) return undefined;
    this.done = true;
    return this.hold;
  }
}

function usd(micro: number): string {
  return `$${microToUsd(micro).toFixed(6).replace(/0{1,4}$/, '')}`;
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
