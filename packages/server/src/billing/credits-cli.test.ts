import { GatewayError, type LedgerEntry } from '@switchyard/core';
import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCreditsCommand, type CreditsCommand } from './credits-cli.js';
import { noPaymentProvider, type PaymentProvider } from './payment-provider.js';

const NOW = new Date('2025-04-02T10:00:00.000Z');
let store: SqlStore;
const recorded: LedgerEntry[] = [];
const payments: PaymentProvider = { ...noPaymentProvider, recorded: (entry) => Promise.resolve(void recorded.push(entry)) };
const run = (input: Partial<CreditsCommand>) =>
  runCreditsCommand({ ledger: store.ledger, accounts: store.accounts, payments }, { command: undefined, account: 'acct_1', amount: undefined, key: undefined, note: undefined, ...input }, NOW);

beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:' });
  await store.migrate();
  await store.accounts.ensure({ id: 'acct_1', name: 'one', createdAt: NOW });
  recorded.length = 0;
});
afterEach(async () => store.close());

describe('switchyard-credits', () => {
  it('posts top-ups once per key, calls the payment hook for new ones, and shows the balance', async () => {
    expect(await run({ command: 'topup', amount: '12.5', key: 'inv-1', note: 'invoice 1' })).toMatch(/^topup 12\.500000 USD posted as led_\w+; balance 12\.500000 USD$/);
    expect(await run({ command: 'topup', amount: '12.5', key: 'inv-1' })).toContain('already posted (nothing changed)');
    expect(await run({ command: 'adjustment', amount: '-2', key: 'adj-1' })).toContain('balance 10.500000 USD');
    expect(recorded.map((entry) => entry.idempotencyKey)).toEqual(['inv-1']);
    const balance = await run({ command: 'balance' });
    expect(balance).toContain('account acct_1: credits 10.500000, usage 0.000000, balance 10.500000, reserved 0.000000 USD');
    expect(balance).toContain('inv-1');
  });

  it('refuses unknown commands and accounts, a reused key with another amount, and missing fields', async () => {
    await run({ command: 'topup', amount: '1', key: 'k' });
    await expect(run({ command: 'topup', amount: '2', key: 'k' })).rejects.toThrow(/already used/);
    await expect(run({ command: 'charge', amount: '1', key: 'x' })).rejects.toThrow(/unknown command charge/);
    await expect(run({ command: 'topup', account: 'acct_x', amount: '1', key: 'x' })).rejects.toThrow(/not found/);
    await expect(run({ command: 'topup', account: undefined })).rejects.toThrow(GatewayError);
    await expect(run({ command: 'refund', amount: '1' })).rejects.toThrow(/idempotency_key/);
  });
});
