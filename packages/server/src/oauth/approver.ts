import { GatewayError, type ApiKeyRecord } from '@switchyard/core';
import { hashSecret } from '../keys/api-key-secret.js';
import type { KeyCache } from '../keys/key-cache.js';

/**
 * The key a user typed into the consent page, checked like a bearer key (unknown, disabled,
 * expired: 401); `OAuthService.issueCode` then insists on a provisioning key.
 */
export async function approverFromSecret(secret: string, keyCache: KeyCache, now: Date): Promise<ApiKeyRecord> {
  const trimmed = secret.trim();
  if (trimmed === '') throw new GatewayError('unauthorized', 'Enter a management (provisioning) key of your account');
  const key = await keyCache.find(hashSecret(trimmed));
  if (key === undefined) throw new GatewayError('unauthorized', 'No such key');
  if (key.disabled) throw new GatewayError('unauthorized', 'This key is disabled');
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) throw new GatewayError('unauthorized', 'This key has expired');
  return key;
}
