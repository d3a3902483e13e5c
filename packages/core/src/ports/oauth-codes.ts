import type { MicroUsd } from '../billing/pricing.js';
import type { LimitReset } from './store.js';

/** RFC 7636 `code_challenge_method`. */
export type CodeChallengeMethod = 'S256' | 'plain';

/**
 * An authorization code of the OAuth PKCE flow (`POST /auth/keys/code`, the `/auth` consent page):
 * an account's approval to mint one inference key, redeemed once by `POST /auth/keys`. Only the
 * SHA-256 of the code is stored.
 */
export interface OAuthCodeRecord {
  /** SHA-256 hex of the code. */
  readonly codeHash: string;
  /** The account the minted key will belong to. */
  readonly accountId: string;
  /** The key that approved the code (a provisioning key of the account). */
  readonly approvedByKeyId: string;
  /** Where the user was sent with `?code=…`; null for the headless flow (code shown on screen). */
  readonly callbackUrl: string | null;
  /** The client's PKCE challenge, null when the client sent none. */
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: CodeChallengeMethod | null;
  /** Spend limit of the key to mint, in microdollars; null for none. */
  readonly limitMicro: MicroUsd | null;
  readonly limitReset: LimitReset | null;
  /** Name of the key to mint; null for the default ("OAuth: <callback host>"). */
  readonly keyLabel: string | null;
  /** Expiry of the key to mint (not of the code); null for none. */
  readonly keyExpiresAt: Date | null;
  readonly createdAt: Date;
  /** The code cannot be exchanged from this instant on. */
  readonly expiresAt: Date;
  /** When it was exchanged (or burnt by a failed exchange); null while unused. */
  readonly consumedAt: Date | null;
}

export type NewOAuthCode = Omit<OAuthCodeRecord, 'consumedAt'>;

/**
 * Result of `consume`: `consumed` exactly once per code, however many callers race for it;
 * `already_used` for every later call; `unknown` when no such code exists.
 */
export type OAuthCodeConsumption =
  | { readonly outcome: 'consumed'; readonly code: OAuthCodeRecord }
  | { readonly outcome: 'already_used'; readonly code: OAuthCodeRecord }
  | { readonly outcome: 'unknown' };

export interface OAuthCodeRepository {
  /** Throws on a duplicate hash or an unknown account. */
  create(input: NewOAuthCode): Promise<OAuthCodeRecord>;
  findByHash(codeHash: string): Promise<OAuthCodeRecord | undefined>;
  /** Atomically marks the code used at `at` (whether or not it has expired: the caller decides). */
  consume(codeHash: string, at: Date): Promise<OAuthCodeConsumption>;
  /** Deletes codes that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}
