import { createHash } from 'node:crypto';
import type { KeyKind } from '@switchyard/core';
import { createSqliteStore } from '@switchyard/store-sql';
import type { TestGateway } from './harness.js';

/** The hash the gateway stores and looks keys up by, computed independently of the server's code. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface SeededKey {
  readonly id: string;
  readonly secret: string;
  readonly kind: KeyKind;
  /** Defaults to the id. */
  readonly name?: string;
}

export interface SeededAccount {
  /** An existing account (e.g. `acct_default`) is kept as it is; the keys are added to it. */
  readonly accountId: string;
  readonly name: string;
  readonly keys: readonly SeededKey[];
}

/**
 * Writes an account and its keys straight into the running gateway's SQLite database: for tests
 * that need another account, or a key whose secret they choose, without the admin API (which needs
 * `SWITCHYARD_ADMIN_TOKEN` and mints its own secrets).
 */
export async function seedAccount(t: TestGateway, account: SeededAccount): Promise<void> {
  const store = createSqliteStore({ path: t.gateway.config.server.sqlitePath });
  const createdAt = new Date();
  try {
    await store.accounts.ensure({ id: account.accountId, name: account.name, createdAt });
    for (const key of account.keys) {
      const label = `${key.secret.slice(0, 12)}...${key.secret.slice(-4)}`;
      await store.keys.create({ id: key.id, hash: sha256(key.secret), label, name: key.name ?? key.id, kind: key.kind, accountId: account.accountId, createdAt });
    }
  } finally {
    await store.close();
  }
}
