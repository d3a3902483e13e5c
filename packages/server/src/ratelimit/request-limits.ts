import {
  GatewayError,
  isFree,
  type ApiKeyRecord,
  type Endpoint,
  type LedgerRepository,
  type MicroUsd,
  type RateLimit,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitState,
} from '@switchyard/core';
import type { Logger } from '../logger.js';
import type { RateLimitSettings } from './rate-limit-settings.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Credits an account has bought in total (top-ups), in micro-dollars. */
export type PurchasedCredits = (accountId: string) => Promise<MicroUsd>;

/** Until a ledger is wired in: no account has bought credits (the lower free-model quota applies). */
export const NO_PURCHASES: PurchasedCredits = () => Promise.resolve(0);

export interface RequestLimitsDeps {
  readonly limiter: RateLimiter;
  readonly settings: RateLimitSettings;
  readonly purchasedCredits: PurchasedCredits;
  readonly logger: Logger;
}

/** What `GET /key` reports about the account's free-model quota and the key's rate. */
export interface KeyLimitsView {
  /** The account has never bought credits. */
  readonly isFreeTier: boolean;
  readonly freeModelDaily: { readonly limit: number; readonly remaining: number; readonly used: number };
  readonly requestsPerMinute: number | undefined;
}

/** Reads an account's purchased credits from the ledger's totals (top-ups and adjustments). */
export function ledgerPurchases(ledger: Pick<LedgerRepository, 'balance'>): PurchasedCredits {
  return async (accountId) => (await ledger.balance(accountId)).totalCreditsMicro;
}

/** A request whose every planned endpoint costs nothing (`:free` variants and zero-priced endpoints). */
export function isFreePlan(plan: readonly Endpoint[]): boolean {
  return plan.length > 0 && plan.every((endpoint) => endpoint.modelId.endsWith(':free') || isFree(endpoint));
}

/**
 * The gateway's own request-rate limits, checked after routing and before any upstream call:
 * the free-model quotas per account (per minute, per day; a higher daily quota once the account has
 * bought credits) and, when configured, a per-key rate. A full limit is a 429 in OpenRouter's shape
 * with `Retry-After`. The per-key rate is checked first and counts every request that reaches it,
 * including one the free-model quota then refuses. A limiter that fails (Redis down) lets the request through and logs an error:
 * an outage of the shared counters must not stop paid traffic.
 */
export class RequestLimits {
  constructor(private readonly deps: RequestLimitsDeps) {}

  async admit(key: ApiKeyRecord, plan: readonly Endpoint[], now: Date): Promise<void> {
    const perKey = this.keyLimits();
    if (perKey.length > 0) await this.enforce(`key:${key.id}`, perKey, now);
    if (!isFreePlan(plan)) return;
    const purchased = await this.deps.purchasedCredits(key.accountId);
    await this.enforce(`free:${key.accountId}`, this.freeLimits(purchased), now);
  }

  async view(key: ApiKeyRecord, now: Date): Promise<KeyLimitsView> {
    const purchased = await this.deps.purchasedCredits(key.accountId);
    const limits = this.freeLimits(purchased);
    const daily = (await this.peekDaily(`free:${key.accountId}`, limits, now)) ?? { max: limits[1]?.max ?? 0, remaining: limits[1]?.max ?? 0 };
    return {
      isFreeTier: purchased <= 0,
      freeModelDaily: { limit: daily.max, remaining: daily.remaining, used: daily.max - daily.remaining },
      requestsPerMinute: this.deps.settings.keyRequestsPerMinute,
    };
  }

  /** The daily counter's state; undefined (reported as unused) when the limiter fails. */
  private async peekDaily(subject: string, limits: readonly RateLimit[], now: Date): Promise<RateLimitState | undefined> {
    try {
      return (await this.deps.limiter.peek(subject, limits, now)).limits[1];
    } catch (error) {
      this.deps.logger.error('rate limiter unavailable: free-model quota reported as unused', { error });
      return undefined;
    }
  }

  private keyLimits(): RateLimit[] {
    const max = this.deps.settings.keyRequestsPerMinute;
    return max === undefined ? [] : [{ name: 'requests-per-min', windowMs: MINUTE, max }];
  }

  /** Per minute, then per day (OpenRouter's names: the daily one says whether credits unlocked more). */
  private freeLimits(purchased: MicroUsd): RateLimit[] {
    const free = this.deps.settings.freeModels;
    const unlocked = purchased >= free.creditsThreshold;
    return [
      { name: 'free-models-per-min', windowMs: MINUTE, max: free.perMinute },
      unlocked
        ? { name: 'free-models-per-day-high-balance', windowMs: DAY, max: free.perDayWithCredits }
        : { name: 'free-models-per-day', windowMs: DAY, max: free.perDay },
    ];
  }

  private async enforce(subject: string, limits: readonly RateLimit[], now: Date): Promise<void> {
    let decision: RateLimitDecision;
    try {
      decision = await this.deps.limiter.hit(subject, limits, now);
    } catch (error) {
      this.deps.logger.error('rate limiter unavailable: request let through unlimited', { error });
      return;
    }
    if (decision.exceeded !== undefined) throw this.rateLimited(decision.exceeded, decision.retryAfterMs);
  }

  private rateLimited(exceeded: RateLimitState, retryAfterMs: number): GatewayError {
    const free = this.deps.settings.freeModels;
    const unlock =
      exceeded.name === 'free-models-per-day' && free.perDayWithCredits > free.perDay
        ? ` Add ${free.creditsThreshold / 1_000_000} credits to unlock ${free.perDayWithCredits} free model requests per day`
        : '';
    return new GatewayError('rate_limited', `Rate limit exceeded: ${exceeded.name}.${unlock}`, {
      retryAfterMs,
      metadata: {
        headers: {
          'X-RateLimit-Limit': String(exceeded.max),
          'X-RateLimit-Remaining': String(exceeded.remaining),
          'X-RateLimit-Reset': String(exceeded.resetAt.getTime()),
        },
      },
    });
  }
}
