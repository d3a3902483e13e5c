import type { MicroUsd } from '../billing/pricing.js';
import type { ByokRepository } from './byok.js';
import type { GuardrailRepository } from './guardrails.js';
import type { DirectCharge, LedgerRepository } from './ledger.js';
import type { OAuthCodeRepository } from './oauth-codes.js';
import type { ActivityRepository } from './activity.js';
import type { OrganizationRepository } from './organizations.js';

export type KeyKind = 'inference' | 'provisioning';
export type LimitReset = 'daily' | 'weekly' | 'monthly';

export interface ApiKeyRecord {
  /** Opaque id, e.g. "key_01J…". */
  readonly id: string;
  /** SHA-256 hex of the secret; the secret itself is never stored. */
  readonly hash: string;
  /** Masked secret for display, e.g. "sk-sy-v1-3f2...9c1d". */
  readonly label: string;
  readonly name: string;
  readonly kind: KeyKind;
  readonly accountId: string;
  /** Spend limit in microdollars, or null for unlimited. */
  readonly limitMicro: MicroUsd | null;
  readonly limitReset: LimitReset | null;
  readonly includeByokInLimit: boolean;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
  readonly expiresAt: Date | null;
  /** The user who created the key (a member of `accountId`); absent for keys without one. */
  readonly creatorUserId?: string;
}

export interface NewApiKey {
  readonly id: string;
  readonly hash: string;
  readonly label: string;
  readonly name: string;
  readonly kind: KeyKind;
  readonly accountId: string;
  readonly limitMicro?: MicroUsd | null;
  readonly limitReset?: LimitReset | null;
  readonly includeByokInLimit?: boolean;
  readonly createdAt: Date;
  readonly expiresAt?: Date | null;
  readonly creatorUserId?: string | null;
}

/** Spend attributed to a key, in microdollars, over UTC calendar windows (weeks start Monday). */
export interface KeyUsage {
  readonly total: MicroUsd;
  readonly daily: MicroUsd;
  readonly weekly: MicroUsd;
  readonly monthly: MicroUsd;
  readonly byokTotal: MicroUsd;
  readonly byokDaily: MicroUsd;
  readonly byokWeekly: MicroUsd;
  readonly byokMonthly: MicroUsd;
}

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** Fields a key update may change; an absent field stays as it is. */
export interface KeyUpdate {
  readonly name?: string;
  readonly limitMicro?: MicroUsd | null;
  readonly limitReset?: LimitReset | null;
  readonly includeByokInLimit?: boolean;
  readonly disabled?: boolean;
}

/** A key written (updated or deleted) at `updatedAt`: what key caches of other processes must drop. */
export interface KeyChange {
  readonly hash: string;
  readonly updatedAt: Date;
}

/**
 * API keys. Deletion is soft: a deleted key keeps its row (generation records and ledger entries
 * still name it, and its hash is never reused) but every read below except `changedSince` and
 * `hashTaken` ignores it, so it stops authenticating and leaves every listing at once.
 */
export interface KeyRepository {
  create(input: NewApiKey): Promise<ApiKeyRecord>;
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  findById(id: string): Promise<ApiKeyRecord | undefined>;
  /** Live keys of the account, oldest first; only keys of `kind` when given. */
  list(accountId: string, page: PageRequest, includeDisabled: boolean, kind?: KeyKind): Promise<Page<ApiKeyRecord>>;
  countByKind(kind: KeyKind): Promise<number>;
  /** Applies `changes` to a live key and sets `updatedAt` to `now`; undefined when no live key has this id. */
  update(id: string, changes: KeyUpdate, now: Date): Promise<ApiKeyRecord | undefined>;
  /** Deletes a live key (soft, see above) and sets `updatedAt` to `now`; false when no live key has this id. */
  delete(id: string, now: Date): Promise<boolean>;
  /** Keys updated or deleted at or after `since`, deleted ones included (cache invalidation across processes). */
  changedSince(since: Date): Promise<readonly KeyChange[]>;
  /** True when a key with this hash exists or existed (deleted keys included). */
  hashTaken(hash: string): Promise<boolean>;
  /** Sums of generation costs for the key; `now` fixes the day/week/month windows. */
  usage(keyId: string, now: Date): Promise<KeyUsage>;
}

/** One attempt at an endpoint while serving a generation (OpenRouter's `provider_responses`). */
export interface ProviderAttempt {
  readonly providerId: string;
  readonly providerName: string;
  readonly endpointId: string;
  readonly modelId: string;
  /** HTTP status from the provider, or the gateway status for transport failures. */
  readonly status: number;
  readonly latencyMs: number;
  /** Set when the attempt failed (before the commit point, or its stream broke after it). */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** Set (true) when the attempt used the account's own provider key (BYOK). */
  readonly isByok?: boolean;
}

export type GenerationStatus = 'success' | 'error' | 'cancelled';

/** A persisted record of one generation (GET /api/v1/generation). Every field is written once, in one row. */
export interface GenerationRecord {
  readonly id: string;
  readonly keyId: string;
  readonly accountId: string;
  readonly upstreamId: string | null;
  /** The model that served (after fallback), e.g. "anthropic/claude-sonnet-4". */
  readonly model: string;
  readonly providerId: string | null;
  readonly providerName: string | null;
  readonly upstreamModel: string | null;
  readonly streamed: boolean;
  readonly cancelled: boolean;
  readonly status: GenerationStatus;
  readonly finishReason: string | null;
  readonly nativeFinishReason: string | null;
  readonly tokensPrompt: number;
  readonly tokensCompletion: number;
  readonly nativeTokensPrompt: number;
  readonly nativeTokensCompletion: number;
  readonly nativeTokensReasoning: number;
  readonly nativeTokensCached: number;
  readonly nativeTokensCacheWrite: number;
  readonly numMediaPrompt: number;
  readonly costMicro: MicroUsd;
  readonly upstreamCostMicro: MicroUsd;
  readonly isByok: boolean;
  /** Time to first token (ms), or to the full answer when not streamed. */
  readonly latencyMs: number | null;
  /** Time from the first token to the end (ms). */
  readonly generationTimeMs: number | null;
  readonly createdAt: Date;
  readonly appTitle: string | null;
  readonly httpReferer: string | null;
  readonly userAgent: string | null;
  readonly externalUser: string | null;
  readonly sessionId: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly attempts: readonly ProviderAttempt[];
}

export interface GenerationRepository {
  /** All rows in one transaction: either every row is stored or none is. Idempotent on id. */
  insertMany(rows: readonly GenerationRecord[]): Promise<void>;
  get(id: string): Promise<GenerationRecord | undefined>;
}

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface AccountRepository {
  /** Creates the account if it does not exist; returns it either way. */
  ensure(input: AccountRecord): Promise<AccountRecord>;
  get(id: string): Promise<AccountRecord | undefined>;
}

export interface Repositories {
  readonly accounts: AccountRepository;
  readonly keys: KeyRepository;
  readonly generations: GenerationRepository;
  readonly ledger: LedgerRepository;
  readonly oauthCodes: OAuthCodeRepository;
  readonly guardrails: GuardrailRepository;
  readonly organizations: OrganizationRepository;
  readonly activity: ActivityRepository;
  readonly byok: ByokRepository;
}

export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * The write-behind batch: generation records and the direct charges that go with them, stored in
   * one transaction (both, or neither); records already stored are skipped and charges are
   * idempotent on the generation id, so a retried batch changes nothing twice. A store may do this
   * work off the event loop (SQLite: a worker thread with its own connection).
   */
  recordGenerations(records: readonly GenerationRecord[], charges: readonly DirectCharge[], at: Date): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}
