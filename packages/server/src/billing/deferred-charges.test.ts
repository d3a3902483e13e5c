import type { MicroUsd } from '@switchyard/core';
import type { SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generationRecord, ledgerStore, NOW } from './__fixtures__/credit-gate-fixtures.js';
import { chargingGenerations, DeferredCharges } from './deferred-charges.js';


const record = generationRecord;

const charge = (id: string, amount: number) => ({ generationId: id, accountId: 'acct_1', keyId: 'key_1', amountMicro: amount as MicroUsd, at: NOW });

let store: SqlStore;
beforeEach(async () => {
  store = await ledgerStore();
  await store.keys.create({ id: 'key_1', hash: 'h1', label: 'sk-…1', name: 'k', kind: 'inference', accountId: 'acct_1', createdAt: NOW });
});
afterEach(async () => store.close());

describe('deferred charges', () => {
  it('stores a batch of records with their charges in one transaction; the ledger balances against the records', async () => {
    const charges = new DeferredCharges();
    charges.add(charge('gen-1', 120));
    charges.add(charge('gen-2', 0)); // nothing to charge: not kept
    // BYOK inside the free allowance: charged 0, but its upstream cost counts toward the key.
    charges.add({ ...charge('gen-4', 0), keyUsageMicro: 55 as MicroUsd });
    expect(charges.size).toBe(2);
    const repository = chargingGenerations(store, charges);
    await repository.insertMany([record('gen-1', 120), record('gen-2', 0), record('gen-3', 7), record('gen-4', 0)]);
    expect(charges.size).toBe(0);
    expect(await store.generations.get('gen-1')).toMatchObject({ costMicro: 120 });
    expect(await store.ledger.balance('acct_1')).toMatchObject({ totalUsageMicro: 120, reservedMicro: 0 });
    expect((await store.ledger.keySpend('key_1', NOW)).total).toBe(175);
  });

  it('keeps the charges when the batch fails, so the retry writes records and charges together', async () => {
    const charges = new DeferredCharges();
    charges.add(charge('gen-1', 50));
    const failing = { ...store, recordGenerations: () => Promise.reject(new Error('disk full')) };
    await expect(chargingGenerations(failing, charges).insertMany([record('gen-1', 50)])).rejects.toThrow();
    expect(charges.size).toBe(1);
    expect(await store.ledger.balance('acct_1')).toMatchObject({ totalUsageMicro: 0 });
    await chargingGenerations(store, charges).insertMany([record('gen-1', 50)]);
    expect(await store.ledger.balance('acct_1')).toMatchObject({ totalUsageMicro: 50 });
  });

  it('charges a generation once even when its batch is written again (idempotent on the generation id)', async () => {
    const charges = new DeferredCharges();
    const repository = chargingGenerations(store, charges);
    charges.add(charge('gen-1', 30));
    await repository.insertMany([record('gen-1', 30)]);
    charges.add(charge('gen-1', 30));
    await repository.insertMany([record('gen-1', 30), record('gen-9', 0)]);
    expect(await store.generations.get('gen-9')).toBeDefined();
    expect(await store.ledger.balance('acct_1')).toMatchObject({ totalUsageMicro: 30 });
  });
});
