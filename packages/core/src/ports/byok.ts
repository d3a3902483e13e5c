import type { Page, PageRequest } from './store.js';

/**
 * A provider API key sealed by the gateway (AES-256-GCM in `server/src/byok/`): the store only ever
 * sees the ciphertext and the id of the encryption key that sealed it (for rotation).
 */
export interface SealedSecret {
  /** base64 of IV ‖ auth tag ‖ ciphertext. */
  readonly ciphertext: string;
  /** Which gateway encryption key sealed it (see `SWITCHYARD_BYOK_KEY`). */
  readonly keyId: string;
}

/**
 * An account's own key for one provider (OpenRouter's BYOK credential, `/byok`): at most one per
 * account and provider. Requests of the account try the provider's endpoints with it first.
 */
export interface ByokCredentialRecord {
  /** Opaque public id (a UUID). */
  readonly id: string;
  readonly accountId: string;
  /** Provider id as configured in the gateway, e.g. "openai", "anthropic". */
  readonly provider: string;
  readonly name: string | null;
  /** Masked hint of the secret for display, e.g. "sk-...AbCd". */
  readonly label: string;
  readonly disabled: boolean;
  readonly secret: SealedSecret;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

export type NewByokCredential = Omit<ByokCredentialRecord, 'updatedAt'>;

/** Fields an update may change; an absent field stays as it is. A new `secret` comes with its `label`. */
export interface ByokUpdate {
  readonly name?: string | null;
  readonly disabled?: boolean;
  readonly rotate?: { readonly secret: SealedSecret; readonly label: string };
}

export interface ByokRepository {
  /** Throws when the account already has a credential for the provider, or the account is unknown. */
  create(input: NewByokCredential): Promise<ByokCredentialRecord>;
  /** The account's credential with this id; undefined for another account's. */
  get(accountId: string, id: string): Promise<ByokCredentialRecord | undefined>;
  findByProvider(accountId: string, provider: string): Promise<ByokCredentialRecord | undefined>;
  /** The account's credentials, oldest first; only `provider`'s when given. */
  list(accountId: string, page: PageRequest, provider?: string): Promise<Page<ByokCredentialRecord>>;
  /** The account's enabled credentials (what routing uses). */
  listEnabled(accountId: string): Promise<readonly ByokCredentialRecord[]>;
  /** Applies `changes` and sets `updatedAt` to `now`; undefined when the account has no such credential. */
  update(accountId: string, id: string, changes: ByokUpdate, now: Date): Promise<ByokCredentialRecord | undefined>;
  /** Deletes the credential and its sealed key; false when the account has no such credential. */
  delete(accountId: string, id: string): Promise<boolean>;
  /**
   * Atomically counts one more BYOK request of the account in the UTC month starting at
   * `monthStart` and returns the month's count including it (1 for the month's first).
   */
  countRequest(accountId: string, monthStart: Date): Promise<number>;
}
