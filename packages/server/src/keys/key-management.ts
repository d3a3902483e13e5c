import { GatewayError, type ApiKeyRecord, type GenerationRecord, type KeyRepository, type KeyUsage, type OrganizationRepository } from '@switchyard/core';
import { generateSecret, hashSecret, maskSecret, newKeyId } from './api-key-secret.js';
import type { CreateKeyRequest } from './key-request.js';

/** How many keys one `GET /keys` page holds (OpenRouter documents no page size; `offset` pages on). */
export const KEYS_PAGE_SIZE = 100;

/**
 * The key a management key may address by hash: an inference key of its own account. Anything
 * else, another account's key included, is "not found" so that no answer reveals it exists.
 */
export async function findManagedKey(keys: KeyRepository, caller: ApiKeyRecord, hash: string): Promise<ApiKeyRecord> {
  const key = await keys.findByHash(hash);
  if (key === undefined || key.accountId !== caller.accountId || key.kind !== 'inference') {
    throw new GatewayError('not_found', 'API key not found');
  }
  return key;
}

/**
 * A new inference key in the caller's account; the secret exists only in the answer. A
 * `creator_user_id` must be a member of the account (any other user id is "unknown", members of
 * other accounts included).
 */
export async function createManagedKey(
  keys: KeyRepository,
  organizations: OrganizationRepository,
  caller: ApiKeyRecord,
  request: CreateKeyRequest,
  now: Date,
): Promise<{ readonly record: ApiKeyRecord; readonly secret: string }> {
  if (request.workspaceId !== undefined && request.workspaceId !== caller.accountId) {
    throw new GatewayError('invalid_request', 'workspace_id: Unknown workspace', { metadata: { field: 'workspace_id' } });
  }
  if (request.creatorUserId !== undefined && (await organizations.membership(caller.accountId, request.creatorUserId)) === undefined) {
    throw new GatewayError('invalid_request', 'creator_user_id: Not a member of this organization', { metadata: { field: 'creator_user_id' } });
  }
  const secret = generateSecret();
  const record = await keys.create({
    id: newKeyId(),
    hash: hashSecret(secret),
    label: maskSecret(secret),
    name: request.name,
    kind: 'inference',
    accountId: caller.accountId,
    limitMicro: request.limitMicro,
    limitReset: request.limitReset,
    includeByokInLimit: request.includeByokInLimit,
    createdAt: now,
    expiresAt: request.expiresAt,
    creatorUserId: request.creatorUserId ?? null,
  });
  return { record, secret };
}

/** Stored usage plus the records still in the write-behind queue (seconds old: they count in every window). */
export function withPending(stored: KeyUsage, pending: readonly GenerationRecord[]): KeyUsage {
  // BYOK usage is the provider's cost of those requests (the fee charged for them is in the ledger).
  const sum = (byok: boolean): number =>
    pending.filter((record) => record.isByok === byok).reduce((total, record) => total + (byok ? record.upstreamCostMicro : record.costMicro), 0);
  const [paid, byok] = [sum(false), sum(true)];
  return {
    total: stored.total + paid,
    daily: stored.daily + paid,
    weekly: stored.weekly + paid,
    monthly: stored.monthly + paid,
    byokTotal: stored.byokTotal + byok,
    byokDaily: stored.byokDaily + byok,
    byokWeekly: stored.byokWeekly + byok,
    byokMonthly: stored.byokMonthly + byok,
  };
}

export const ZERO_USAGE: KeyUsage = { total: 0, daily: 0, weekly: 0, monthly: 0, byokTotal: 0, byokDaily: 0, byokWeekly: 0, byokMonthly: 0 };
