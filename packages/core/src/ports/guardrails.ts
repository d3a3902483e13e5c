import type { MicroUsd } from '../billing/pricing.js';
import type { LimitReset, Page, PageRequest } from './store.js';

/** Model groups a guardrail can require zero data retention for (OpenRouter's `enforce_zdr_<group>`). */
export type ZdrModelGroup = 'anthropic' | 'openai' | 'google' | 'xai' | 'other';

export const ZDR_MODEL_GROUPS: readonly ZdrModelGroup[] = ['anthropic', 'openai', 'google', 'xai', 'other'];

/**
 * A guardrail of one account (OpenRouter's `/guardrails`): a spend cap over a reset window plus
 * provider and model allow/deny lists and ZDR requirements. It does nothing until assigned.
 */
export interface GuardrailRecord {
  /** UUID. */
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly description: string | null;
  /** Spend cap in microdollars over the reset window, or null for none. */
  readonly limitMicro: MicroUsd | null;
  /** null: the cap counts all spend since the keys were created. */
  readonly resetInterval: LimitReset | null;
  readonly includeByokInBudgets: boolean;
  /** null: no restriction. Lists are as given (provider slugs or names; model slugs). */
  readonly allowedProviders: readonly string[] | null;
  readonly ignoredProviders: readonly string[] | null;
  readonly allowedModels: readonly string[] | null;
  readonly ignoredModels: readonly string[] | null;
  /** The model groups whose requests may only use zero-data-retention endpoints. */
  readonly enforceZdr: readonly ZdrModelGroup[];
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

export interface NewGuardrail {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly description?: string | null;
  readonly limitMicro?: MicroUsd | null;
  readonly resetInterval?: LimitReset | null;
  readonly includeByokInBudgets?: boolean;
  readonly allowedProviders?: readonly string[] | null;
  readonly ignoredProviders?: readonly string[] | null;
  readonly allowedModels?: readonly string[] | null;
  readonly ignoredModels?: readonly string[] | null;
  readonly enforceZdr?: readonly ZdrModelGroup[];
  readonly createdAt: Date;
}

/** Fields to change; absent fields stay. Lists are replaced wholesale (OpenRouter's PATCH semantics). */
export type GuardrailPatch = Partial<Omit<NewGuardrail, 'id' | 'accountId' | 'createdAt'>>;

export interface KeyAssignmentRecord {
  readonly id: string;
  readonly guardrailId: string;
  readonly keyId: string;
  readonly keyHash: string;
  readonly keyName: string;
  readonly keyLabel: string;
  readonly assignedBy: string | null;
  readonly createdAt: Date;
}

export interface MemberAssignmentRecord {
  readonly id: string;
  readonly guardrailId: string;
  /** The organisation: Switchyard's account id. */
  readonly accountId: string;
  readonly userId: string;
  readonly assignedBy: string | null;
  readonly createdAt: Date;
}

export interface AssignmentMeta {
  /** Who assigned (a user id), or null when a key did without a user behind it. */
  readonly assignedBy: string | null;
  readonly at: Date;
}

/** Half-open [from, to) in epoch milliseconds. */
export type SpendWindow = readonly [number, number];

/**
 * Guardrails and their assignments. Every method that takes `accountId` only sees that account's
 * guardrails, keys and assignments: another account's ids behave as if they did not exist.
 */
export interface GuardrailRepository {
  create(input: NewGuardrail): Promise<GuardrailRecord>;
  get(accountId: string, id: string): Promise<GuardrailRecord | undefined>;
  /** Oldest first. */
  list(accountId: string, page: PageRequest): Promise<Page<GuardrailRecord>>;
  /** undefined when the guardrail does not exist in the account. */
  update(accountId: string, id: string, patch: GuardrailPatch, now: Date): Promise<GuardrailRecord | undefined>;
  /** Deletes the guardrail and its assignments; false when it does not exist in the account. */
  delete(accountId: string, id: string): Promise<boolean>;
  /**
   * Assigns the account's keys with these hashes (others are skipped) to the guardrail. A key holds
   * at most one guardrail: assigning replaces its previous one. Returns how many keys now hold it
   * (0 when the guardrail is not the account's).
   */
  assignKeys(accountId: string, guardrailId: string, keyHashes: readonly string[], meta: AssignmentMeta): Promise<number>;
  /** Returns how many of these keys held this guardrail. */
  unassignKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number>;
  /** One guardrail's key assignments, or the whole account's when `guardrailId` is undefined; oldest first. */
  listKeyAssignments(accountId: string, guardrailId: string | undefined, page: PageRequest): Promise<Page<KeyAssignmentRecord>>;
  /** Member (user id) assignments; a member may hold several guardrails. Returns how many members now hold it. */
  assignMembers(accountId: string, guardrailId: string, userIds: readonly string[], meta: AssignmentMeta): Promise<number>;
  unassignMembers(accountId: string, guardrailId: string, userIds: readonly string[]): Promise<number>;
  listMemberAssignments(accountId: string, guardrailId: string | undefined, page: PageRequest): Promise<Page<MemberAssignmentRecord>>;
  /** The guardrails that apply to requests made with this key (its key assignment). */
  forKey(keyId: string): Promise<GuardrailRecord[]>;
}
