import { GatewayError, type ApiKeyRecord, type KeyRepository } from '@switchyard/core';
import { hashSecret, maskSecret } from '@switchyard/server';
import { UsageError } from '../errors.js';

const MIN_PREFIX = 8;

/**
 * The live key of `accountId` that `ref` names: its full hash (as `keys list` and the `/keys` API
 * show it), its id ("key_…"), a unique hash prefix of at least 8 characters, or the secret itself.
 */
export async function findKey(keys: KeyRepository, accountId: string, ref: string): Promise<ApiKeyRecord> {
  const wanted = ref.trim().toLowerCase();
  const bySecret = ref.trim().startsWith('sk-') ? await keys.findByHash(hashSecret(ref.trim())) : undefined;
  const exact = bySecret ?? (await keys.findByHash(wanted)) ?? (await keys.findById(ref.trim()));
  if (exact !== undefined && exact.accountId === accountId) return exact;
  if (wanted.length < MIN_PREFIX || !/^[0-9a-f]+$/.test(wanted)) {
    throw new GatewayError('not_found', `no key ${shown(ref)} in account ${accountId} (give its hash, a hash prefix of ${String(MIN_PREFIX)}+ characters, its id or its secret)`);
  }
  const all = await listAllKeys(keys, accountId);
  const matches = all.filter((key) => key.hash.startsWith(wanted));
  const [only, second] = matches;
  if (only === undefined) throw new GatewayError('not_found', `no key ${shown(ref)} in account ${accountId}`);
  if (second !== undefined) throw new UsageError(`hash prefix ${wanted} matches ${String(matches.length)} keys; give more characters`);
  return only;
}

/** Every live key of the account (disabled ones included), oldest first. */
export async function listAllKeys(keys: KeyRepository, accountId: string): Promise<ApiKeyRecord[]> {
  const found: ApiKeyRecord[] = [];
  const limit = 500;
  for (let offset = 0; ; offset += limit) {
    const page = await keys.list(accountId, { offset, limit }, true);
    found.push(...page.items);
    if (page.items.length < limit || found.length >= page.total) return found;
  }
}

/** A secret never appears in an error message, only its masked form. */
function shown(ref: string): string {
  return ref.trim().startsWith('sk-') ? maskSecret(ref.trim()) : ref;
}
