import type { KeyKind, Store } from '@switchyard/core';
import { generateSecret, hashSecret, maskSecret, newKeyId } from './api-key-secret.js';

export const DEFAULT_ACCOUNT_ID = 'acct_default';

export interface BootstrapResult {
  /** Secrets created on this start (print them once); empty when keys already existed or came from env. */
  readonly created: readonly { readonly kind: KeyKind; readonly secret: string }[];
}

/**
 * First start: make sure a provisioning key and an inference key exist. A secret given in the
 * environment is registered (by hash) if it is new; otherwise one is generated when none exists.
 */
export async function bootstrapKeys(
  store: Store,
  secrets: { readonly apiKey: string | undefined; readonly provisioningKey: string | undefined },
  now: Date,
): Promise<BootstrapResult> {
  await store.accounts.ensure({ id: DEFAULT_ACCOUNT_ID, name: 'Default account', createdAt: now });
  const created: { kind: KeyKind; secret: string }[] = [];
  const wanted: [KeyKind, string | undefined, string][] = [
    ['provisioning', secrets.provisioningKey, 'Provisioning key'],
    ['inference', secrets.apiKey, 'Default inference key'],
  ];
  for (const [kind, given, name] of wanted) {
    if (given !== undefined) {
      // A deleted key's secret stays dead even if the environment still names it.
      if (!(await store.keys.hashTaken(hashSecret(given)))) await createKey(store, kind, given, name, now);
      continue;
    }
    if ((await store.keys.countByKind(kind)) > 0) continue;
    const secret = generateSecret();
    await createKey(store, kind, secret, name, now);
    created.push({ kind, secret });
  }
  return { created };
}

async function createKey(store: Store, kind: KeyKind, secret: string, name: string, now: Date): Promise<void> {
  await store.keys.create({
    id: newKeyId(),
    hash: hashSecret(secret),
    label: maskSecret(secret),
    name,
    kind,
    accountId: DEFAULT_ACCOUNT_ID,
    createdAt: now,
  });
}
