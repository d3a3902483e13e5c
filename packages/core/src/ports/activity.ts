import type { MicroUsd } from '../billing/pricing.js';

/**
 * Which generations an activity query covers: always one account, optionally only one key or the
 * keys one user created. Half-open `[from, to)` in epoch milliseconds.
 */
export interface ActivityQuery {
  readonly accountId: string;
  readonly from: number;
  readonly to: number;
  readonly keyId?: string;
  readonly creatorUserId?: string;
}

/** One (UTC day, model, provider) group of generation records (`GET /activity`). */
export interface ActivityRow {
  /** Days since the Unix epoch (UTC). */
  readonly day: number;
  readonly model: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly reasoningTokens: number;
  /** Everything charged for these requests (BYOK fees included). */
  readonly costMicro: MicroUsd;
  /** What BYOK requests cost upstream, on the account's own provider keys. */
  readonly byokUpstreamMicro: MicroUsd;
}

/** Activity aggregated by the database (GROUP BY), never by loading generation rows. */
export interface ActivityRepository {
  /** Rows that reached a provider, grouped by day, model and provider; ordered by day, model, provider. */
  query(query: ActivityQuery): Promise<ActivityRow[]>;
}
