import { GatewayError, type ApiKeyRecord } from '@switchyard/core';
import type { SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { NOW, clock, PAID, FREE, REQUEST, KEY, ledgerStore } from './__fixtures__/credit-gate-fixtures.js';
import { CreditGate } from './credit-gate.js';
import { DEFAULT_CREDITS_SETTINGS } from './credits-config.js';
import { HoldSweeper } from './hold-sweeper.js';

let store: SqlStore;
let logged: string[];
const gate = (enforce: boolean) =>
  new CreditGate({
    ledger: store.ledger,
    settings: { ...DEFAULT_CREDITS_SETTINGS, enforce },
    clock,
    logger: createLogger('error', (line) => logged.push(line)),
  });
const payer = (n: number, key: ApiKeyRecord = KEY) => ({ key, generationId: `gen-${String(n)}`, createdAt: NOW });

beforeEach(async () => {
  store = await ledgerStore();
  logged = [];
});
afterEach(async () => store.close());

describe('CreditGate', () => {
  it('reserves nothing for a free plan', async () => {
    const reservation = await gate(true).reserve(payer(1), REQUEST, [FREE]);
    expect(reservation.hold).toBeUndefined();
    await reservation.settle(0);
  });

  it('refuses a free plan with a 402 while the account is in debt, only when credits are enforced', async () => {
    await store.ledger.post({ accountId: 'acct_1', kind: 'adjustment', amountMicro: -1_500, idempotencyKey: 'debt', at: NOW });
    const refused = await gate(true).reserve(payer(10), REQUEST, [FREE]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'insufficient_credits', status: 402, options: { metadata: { limit_source: 'credits', available_usd: -0.0015 } } });
    expect((refused as GatewayError).message).toBe(
      'This account has a negative credit balance (-$0.0015), so it cannot use free models either. Add credits to this account to continue.',
    );
    expect((await gate(false).reserve(payer(11), REQUEST, [FREE])).hold).toBeUndefined();
    await store.ledger.post({ accountId: 'acct_1', kind: 'topup', amountMicro: 1_500, idempotencyKey: 'paid', at: NOW });
    expect((await gate(true).reserve(payer(12), REQUEST, [FREE])).hold).toBeUndefined();
  });

  it('holds the maximum cost until settle, then charges once and ignores a later release', async () => {
    await store.ledger.post({ accountId: 'acct_1', kind: 'topup', amountMicro: 1_000, idempotencyKey: 't', at: NOW });
    const reservation = await gate(true).reserve(payer(2), REQUEST, [FREE, PAID]);
    expect(reservation.hold).toMatchObject({ amountMicro: 9 + 200, generationId: 'gen-2', expiresAt: new Date(NOW.getTime() + 900_000) });
    expect(await store.ledger.balance('acct_1')).toMatchObject({ reservedMicro: 209 });
    await reservation.settle(42);
    await reservation.settle(42);
    await reservation.release();
    expect(await store.ledger.balance('acct_1')).toMatchObject({ reservedMicro: 0, balanceMicro: 958 });
  });

  it('refuses with the account variant of the 402 and with the key variant', async () => {
    const account = await gate(true).reserve(payer(3), REQUEST, [PAID]).catch((e: unknown) => e);
    expect(account).toBeInstanceOf(GatewayError);
    expect(account).toMatchObject({ code: 'insufficient_credits', status: 402, options: { metadata: { limit_source: 'credits', affordable_tokens: 0 } } });
    const limited = { ...KEY, limitMicro: 105, limitReset: 'monthly' } as ApiKeyRecord;
    const key = await gate(false).reserve(payer(4, limited), REQUEST, [PAID]).catch((e: unknown) => e);
    expect((key as GatewayError).message).toBe(
      "This request requires more credits, or fewer max_tokens. You requested up to 100 tokens, but can only afford 48. This key's monthly limit of $0.000105 has $0.000105 left: raise the key's limit or use a key with a higher monthly limit.",
    );
  });

  it("reserves against the key's guardrail budgets with the hold; 403 naming the guardrail when one cannot cover it", async () => {
    const created = (id: string, limitMicro: number | null) =>
      store.guardrails.create({ id, accountId: 'acct_1', name: `Budget ${id}`, limitMicro, resetInterval: 'daily', createdAt: NOW });
    const guardrails = [await created('g_small', 300), await created('g_open', null)];
    const guarded = { ...payer(6), guardrails };
    const first = await gate(false).reserve(guarded, REQUEST, [PAID]);
    expect(await store.ledger.guardrailSpend('g_small', Date.UTC(2025, 3, 2))).toMatchObject({ reservedMicro: 209 });
    // A guardrail without limit_usd has no budget to reserve on.
    expect(await store.ledger.guardrailSpend('g_open', Date.UTC(2025, 3, 2))).toMatchObject({ reservedMicro: 0 });
    const refused = await gate(false).reserve({ ...guarded, generationId: 'gen-7' }, REQUEST, [PAID]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({
      code: 'forbidden',
      status: 403,
      options: { metadata: { guardrail_id: 'g_small', guardrail_name: 'Budget g_small', blocked: { budget: true }, limit_usd: 0.0003, spend_usd: 0.000209, required_usd: 0.000209, resets_at: '2025-04-03T00:00:00.000Z' } },
    });
    expect((refused as GatewayError).message).toContain('guardrail "Budget g_small"');
    await first.settle(50);
    expect(await store.ledger.guardrailSpend('g_small', Date.UTC(2025, 3, 2))).toMatchObject({ spentMicro: 50, reservedMicro: 0 });
    // Another guardrail-free key of the account is not held back by it.
    expect((await gate(false).reserve(payer(8), REQUEST, [PAID])).hold).toBeDefined();
  });

  it("counts a BYOK request's upstream cost on guardrails that include BYOK in their budgets", async () => {
    const byok = await store.guardrails.create({ id: 'g_byok', accountId: 'acct_1', name: 'BYOK', limitMicro: 10_000, includeByokInBudgets: true, createdAt: NOW });
    const reservation = await gate(false).reserve({ ...payer(9), guardrails: [byok] }, REQUEST, [PAID]);
    await reservation.settle(5, undefined, undefined, 95);
    expect(await store.ledger.guardrailSpend('g_byok', 0)).toMatchObject({ spentMicro: 100, reservedMicro: 0 });
  });

  it('logs instead of failing the answer when settling fails; the hold then expires', async () => {
    const reservation = await gate(false).reserve(payer(5), REQUEST, [PAID]);
    await store.close();
    await reservation.settle(10);
    expect(logged.join('')).toContain('settling a credit hold failed');
    store = await ledgerStore(); // for afterEach to close
  });
});

describe('HoldSweeper', () => {
  it('releases expired holds at start and on its timer, and stops on close', async () => {
    const expired = await store.ledger.reserve({
      accountId: 'acct_1', keyId: 'k', generationId: 'g', amountMicro: 10, enforceBalance: false, keyLimit: null,
      at: new Date(NOW.getTime() - 10_000), expiresAt: new Date(NOW.getTime() - 1),
    });
    const sweeper = new HoldSweeper(store.ledger, clock, createLogger('silent'), 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await sweeper.close();
    if (!expired.ok) throw new Error('expected a hold');
    expect((await store.ledger.getHold(expired.hold.id))?.status).toBe('released');
    expect(await sweeper.sweep()).toBe(0);
  });
});
