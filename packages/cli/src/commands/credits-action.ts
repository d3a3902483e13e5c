import { randomUUID } from 'node:crypto';
import { DEFAULT_ACCOUNT_ID, noPaymentProvider, runCreditsCommand, type CreditsCommand } from '@switchyard/server';
import { usageFromInvalidRequest } from '../api-errors.js';
import { UsageError } from '../errors.js';
import { withStore } from '../storage.js';
import type { CreditsOptions } from './credits.js';

/** Runs one credits command (`balance`, `topup`, `refund`, `adjustment`) with the gateway's own code; returns what to print. */
export function runCredits(options: CreditsOptions, command: string): Promise<string> {
  const account = options.account ?? DEFAULT_ACCOUNT_ID;
  const input: CreditsCommand = {
    command,
    account,
    amount: options.amount,
    key: command === 'balance' ? undefined : (options.idempotencyKey ?? `cli-${randomUUID()}`),
    note: options.note,
  };
  return withStore(options, async (store) => {
    const now = new Date();
    // The gateway creates the default account on its first start; a fresh database may not have it yet.
    if (account === DEFAULT_ACCOUNT_ID) await store.accounts.ensure({ id: DEFAULT_ACCOUNT_ID, name: 'Default account', createdAt: now });
    return runCreditsCommand({ ledger: store.ledger, accounts: store.accounts, payments: noPaymentProvider }, input, now).catch((error: unknown) => {
      // The shared command names its idempotency flag --key; here it is --idempotency-key.
      const usage = usageFromInvalidRequest(error);
      throw usage instanceof UsageError ? new UsageError(usage.message.replace(/^--key /, '--idempotency-key ')) : usage;
    });
  });
}
