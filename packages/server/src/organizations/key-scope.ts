import type { ApiKeyRecord, GenerationRecord, KeyRepository, OrganizationRepository } from '@switchyard/core';

/**
 * What a key may read of its account's usage (`/activity`, `/generation`):
 * - `account`: everything: management (provisioning) keys, and inference keys whose creator is an
 *   admin of the key's account;
 * - `creator`: the keys one user created: inference keys whose creator is a `member`;
 * - `key`: the key itself: inference keys without a creator, or whose creator left the account.
 * The role is read at request time, so a changed role applies at once.
 */
export type KeyScope =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'creator'; readonly accountId: string; readonly userId: string }
  | { readonly kind: 'key'; readonly accountId: string; readonly keyId: string };

export async function scopeOf(key: ApiKeyRecord, organizations: OrganizationRepository): Promise<KeyScope> {
  const { accountId } = key;
  if (key.kind === 'provisioning') return { kind: 'account', accountId };
  if (key.creatorUserId === undefined) return { kind: 'key', accountId, keyId: key.id };
  const membership = await organizations.membership(accountId, key.creatorUserId);
  if (membership === undefined) return { kind: 'key', accountId, keyId: key.id };
  return membership.role === 'admin' ? { kind: 'account', accountId } : { kind: 'creator', accountId, userId: key.creatorUserId };
}

/** Whether a generation record is inside the scope (never one of another account). */
export async function scopeCovers(scope: KeyScope, record: GenerationRecord, keys: KeyRepository): Promise<boolean> {
  if (record.accountId !== scope.accountId) return false;
  if (scope.kind === 'account') return true;
  if (scope.kind === 'key') return record.keyId === scope.keyId;
  const key = await keys.findById(record.keyId);
  return key?.accountId === scope.accountId && key.creatorUserId === scope.userId;
}
