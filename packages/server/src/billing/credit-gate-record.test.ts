import type { SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { NOW, clock, PAID, FREE, REQUEST, KEY, generationRecord, ledgerStore } from './__fixtures__/credit-gate-fixtures.js';
import { CreditGate } from './credit-gate.js';
import { DEFAULT_CREDITS_SETTINGS } from './credits-config.js';

/** Settling with the generation record: the charge and the record are stored in one transaction. */

const record = generationRecord;

let store: SqlStore;
let logged: string[];
const gate = () =>
  new CreditGate({
    ledger: store.ledger,
    settings: { ...DEFAULT_CREDITS_SETTINGS, enforce: false },
    clock,
    logger: createLogger('warn', (line) => logged.push(line)),
    transaction: (work) => store.transaction(work),
  });
const payer = (generationId: string) => ({ key: KEY, generationId, createdAt: NOW });
const charges = async () => (await store.ledger.entries('acct_1', 10)).filter((entry) => entry.kind === 'charge');

beforeEach(async () => {
  store = await ledgerStore();
  logged = [];
});
afterEach(async () => store.close());

describe('CreditReservation.settle with the generation record', () => {
  it('stores the charge and the record together and tells the caller not to queue it', async () => {
    const reservation = await gate().reserve(payer('gen-1'), REQUEST, [PAID]);
    expect(await reservation.settle(42, record('gen-1', 42))).toBe(true);
    expect(await store.generations.get('gen-1')).toMatchObject({ id: 'gen-1', costMicro: 42 });
    expect(await charges()).toMatchObject([{ generationId: 'gen-1', amountMicro: -42 }]);
    // Settled once: a second settle neither charges nor stores again.
    expect(await reservation.settle(42, record('gen-1', 42))).toBe(false);
    expect(await charges()).toHaveLength(1);
  });

  it('charges alone and leaves the record to the caller when the record cannot be stored with it', async () => {
    const reservation = await gate().reserve(payer('gen-2'), REQUEST, [PAID]);
    const broken = { ...record('gen-2', 42), createdAt: new Date(Number.NaN) };
    expect(await reservation.settle(42, broken)).toBe(false);
    expect(await store.generations.get('gen-2')).toBeUndefined();
    expect(await charges()).toMatchObject([{ generationId: 'gen-2', amountMicro: -42 }]);
    expect(logged.join('\n')).toContain('storing a charge with its generation record failed; charging alone');
  });

  it('stores nothing for a plan with no hold (free): the caller queues the record', async () => {
    const reservation = await gate().reserve(payer('gen-3'), REQUEST, [FREE]);
    expect(await reservation.settle(0, record('gen-3', 0))).toBe(false);
    expect(await store.generations.get('gen-3')).toBeUndefined();
  });
});
