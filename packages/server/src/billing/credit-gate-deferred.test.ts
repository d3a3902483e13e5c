import type { ApiKeyRecord, GuardrailRecord, MicroUsd } from '@switchyard/core';
import type { SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { clock, KEY, NOW, PAID, REQUEST, ledgerStore } from './__fixtures__/credit-gate-fixtures.js';
import { CreditGate } from './credit-gate.js';
import { DEFAULT_CREDITS_SETTINGS } from './credits-config.js';
import { DeferredCharges } from './deferred-charges.js';

let store: SqlStore;
let deferred: DeferredCharges;
const gate = (enforce: boolean) =>
  new CreditGate({ ledger: store.ledger, settings: { ...DEFAULT_CREDITS_SETTINGS, enforce }, clock, logger: createLogger('silent'), deferred });
const payer = (n: number, key: ApiKeyRecord = KEY, guardrails: GuardrailRecord[] = []) => ({ key, generationId: `gen-${String(n)}`, createdAt: NOW, guardrails });

beforeEach(async () => {
  store = await ledgerStore();
  deferred = new DeferredCharges();
});
afterEach(async () => store.close());

describe('CreditGate with deferred charges', () => {
  it('nothing to check (credits not enforced, no key limit, no guardrail budget): no hold, the charge waits for the record', async () => {
    const reservation = await gate(false).reserve(payer(1), REQUEST, [PAID]);
    expect(reservation.hold).toBeUndefined();
    expect(await reservation.settle(42 as MicroUsd)).toBe(false); // the caller queues the record
    expect(deferred.size).toBe(1);
    expect(await store.ledger.balance('acct_1')).toMatchObject({ totalUsageMicro: 0, reservedMicro: 0 });
  });

  it.each([
    ['credits are enforced', true, KEY],
    ['the key has a limit', false, { ...KEY, limitMicro: 1_000_000 as MicroUsd }],
  ])('holds as before when %s', async (_name, enforce, key) => {
    if (enforce) await store.ledger.post({ accountId: 'acct_1', kind: 'topup', amountMicro: 1_000_000 as MicroUsd, idempotencyKey: 't', at: NOW });
    const reservation = await gate(enforce).reserve(payer(2, key as ApiKeyRecord), REQUEST, [PAID]);
    expect(reservation.hold).toBeDefined();
    await reservation.settle(42 as MicroUsd);
    expect(deferred.size).toBe(0);
    expect(await store.ledger.balance('acct_1')).toMatchObject({ totalUsageMicro: 42 });
  });
});
