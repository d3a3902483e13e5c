import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { GuardrailBudgetWindow, ReserveInput, ReserveResult, Store } from '@switchyard/core';
import type { Database } from '../schema.js';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, micro, useStore, withAccounts } from './fixtures.js';

const T0 = new Date('2025-04-02T10:00:00.000Z');
const LATER = new Date('2025-04-02T10:10:00.000Z');
const DAY_MS = 86_400_000;
const DAY_START = Date.UTC(2025, 3, 2);

const budget = (guardrailId: string, limit: number, windowStartMs = DAY_START, includeByok = false): GuardrailBudgetWindow => ({
  guardrailId,
  limitMicro: micro(limit),
  windowStartMs,
  includeByok,
});

function input(n: number, amount: number, guardrails: readonly GuardrailBudgetWindow[], overrides: Partial<ReserveInput> = {}): ReserveInput {
  return {
    accountId: ACCOUNT.id,
    keyId: 'key_1',
    generationId: `gen_${String(n)}`,
    amountMicro: micro(amount),
    enforceBalance: false,
    keyLimit: null,
    guardrails,
    at: T0,
    expiresAt: LATER,
    ...overrides,
  };
}

async function setUp(store: Store, ...ids: string[]): Promise<Store> {
  const s = await withAccounts(store);
  for (const id of ids) await s.guardrails.create({ id, accountId: ACCOUNT.id, name: `Guardrail ${id}`, createdAt: T0 });
  return s;
}

function holdOf(result: ReserveResult) {
  if (!result.ok) throw new Error(`expected a hold, got a refusal by the ${result.source}`);
  return result.hold;
}

/** Each guardrail counter must equal what its holds say: open holds reserved, settled ones spent in its window. */
async function expectCountersConsistent(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ guardrail_id: string; drift: number | string }>`
    select g.guardrail_id,
      abs(g.reserved_micro - coalesce((select sum(h.amount_micro) from credit_holds h join credit_hold_guardrails l on l.hold_id = h.id
        where l.guardrail_id = g.guardrail_id and h.status = 'held'), 0))
      + abs(g.spent_micro - coalesce((select sum(h.settled_micro) from credit_holds h join credit_hold_guardrails l on l.hold_id = h.id
        where l.guardrail_id = g.guardrail_id and h.status = 'settled' and h.created_at >= g.window_start), 0)) as drift
    from guardrail_spend g`.execute(db);
  for (const row of rows) expect({ guardrail: row.guardrail_id, drift: Number(row.drift) }).toEqual({ guardrail: row.guardrail_id, drift: 0 });
}

export function describeGuardrailBudgets(factory: StoreFactory): void {
  describe('ledger: guardrail budgets', () => {
    const store = useStore(factory);

    it('reserves against the budget, counts settled charges once, and refuses what does not fit', async () => {
      const s = await setUp(store(), 'g1');
      const a = holdOf(await s.ledger.reserve(input(1, 600, [budget('g1', 1_000)])));
      expect(await s.ledger.reserve(input(2, 500, [budget('g1', 1_000)]))).toEqual({
        ok: false,
        source: 'guardrail',
        guardrailId: 'g1',
        availableMicro: 400,
        spentMicro: 600,
      });
      await s.ledger.settle(a.id, micro(250), { at: LATER });
      await s.ledger.settle(a.id, micro(250), { at: LATER });
      expect(await s.ledger.guardrailSpend('g1', DAY_START)).toEqual({ spentMicro: 250, reservedMicro: 0, windowStartMs: DAY_START });
      expect((await s.ledger.reserve(input(3, 751, [budget('g1', 1_000)]))).ok).toBe(false);
      const b = holdOf(await s.ledger.reserve(input(4, 750, [budget('g1', 1_000)])));
      await s.ledger.release(b.id);
      await s.ledger.release(b.id);
      expect(await s.ledger.guardrailSpend('g1', DAY_START)).toMatchObject({ spentMicro: 250, reservedMicro: 0 });
      await expectCountersConsistent(store.db());
    });

    it('a refusal by a guardrail gives back the account, the key and the guardrails reserved before it', async () => {
      const s = await setUp(store(), 'g_a', 'g_b');
      await s.ledger.post({ accountId: ACCOUNT.id, kind: 'topup', amountMicro: micro(10_000), idempotencyKey: 'top', at: T0 });
      const keyLimit = { limitMicro: micro(5_000), reset: 'daily' as const, windowStartMs: DAY_START };
      // Given in reverse order: the ledger locks g_a before g_b regardless.
      const both = [budget('g_b', 300), budget('g_a', 5_000)];
      const refused = await s.ledger.reserve(input(1, 400, both, { enforceBalance: true, keyLimit }));
      expect(refused).toMatchObject({ ok: false, source: 'guardrail', guardrailId: 'g_b', availableMicro: 300 });
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ reservedMicro: 0 });
      expect(await s.ledger.keySpend('key_1', T0)).toMatchObject({ reservedMicro: 0 });
      expect(await s.ledger.guardrailSpend('g_a', DAY_START)).toMatchObject({ reservedMicro: 0, spentMicro: 0 });
      const hold = holdOf(await s.ledger.reserve(input(2, 300, both, { enforceBalance: true, keyLimit })));
      expect(await s.ledger.guardrailSpend('g_a', DAY_START)).toMatchObject({ reservedMicro: 300 });
      await s.ledger.settle(hold.id, micro(120), { at: LATER });
      expect(await s.ledger.guardrailSpend('g_a', DAY_START)).toMatchObject({ spentMicro: 120, reservedMicro: 0 });
      expect(await s.ledger.guardrailSpend('g_b', DAY_START)).toMatchObject({ spentMicro: 120, reservedMicro: 0 });
      await expectCountersConsistent(store.db());
    });

    it('counts only what was reserved against it: spend before the guardrail applied does not count', async () => {
      const s = await setUp(store(), 'g1');
      const before = holdOf(await s.ledger.reserve(input(1, 900, [])));
      await s.ledger.settle(before.id, micro(900), { at: LATER });
      expect(await s.ledger.guardrailSpend('g1', DAY_START)).toMatchObject({ spentMicro: 0, reservedMicro: 0 });
      expect((await s.ledger.reserve(input(2, 1_000, [budget('g1', 1_000)]))).ok).toBe(true);
    });

  });
}

export function describeGuardrailBudgetLifecycle(factory: StoreFactory): void {
  describe('ledger: guardrail budget windows, expiry, BYOK and deletion', () => {
    const store = useStore(factory);

    it('starts a new window at zero, keeps in-flight holds reserved, and counts a late charge only in its own window', async () => {
      const s = await setUp(store(), 'g1');
      const spent = holdOf(await s.ledger.reserve(input(1, 700, [budget('g1', 1_000)])));
      await s.ledger.settle(spent.id, micro(700), { at: LATER });
      const inFlight = holdOf(await s.ledger.reserve(input(2, 200, [budget('g1', 1_000)])));
      const nextDay = new Date(T0.getTime() + DAY_MS);
      const tomorrow = budget('g1', 1_000, DAY_START + DAY_MS);
      expect(await s.ledger.reserve(input(3, 801, [tomorrow], { at: nextDay }))).toMatchObject({ ok: false, availableMicro: 800 });
      const fresh = holdOf(await s.ledger.reserve(input(4, 800, [tomorrow], { at: nextDay })));
      // Yesterday's request settles today: its reservation goes back, its charge belongs to yesterday.
      await s.ledger.settle(inFlight.id, micro(200), { at: nextDay });
      expect(await s.ledger.guardrailSpend('g1', DAY_START + DAY_MS)).toEqual({ spentMicro: 0, reservedMicro: 800, windowStartMs: DAY_START + DAY_MS });
      // A reserve computed for yesterday's window is checked against the counter as it stands (today's).
      expect(await s.ledger.reserve(input(5, 201, [budget('g1', 1_000)]))).toMatchObject({ ok: false, source: 'guardrail' });
      await s.ledger.settle(fresh.id, micro(500), { at: nextDay });
      expect(await s.ledger.guardrailSpend('g1', DAY_START + DAY_MS)).toMatchObject({ spentMicro: 500, reservedMicro: 0 });
      expect(await s.ledger.guardrailSpend('g1', DAY_START + 2 * DAY_MS)).toMatchObject({ spentMicro: 0 });
      await expectCountersConsistent(store.db());
    });

    it('expiry gives the reservation back; a late settle then charges the guardrail exactly once', async () => {
      const s = await setUp(store(), 'g1');
      const hold = holdOf(await s.ledger.reserve(input(1, 400, [budget('g1', 1_000)])));
      expect(await s.ledger.releaseExpiredHolds(LATER)).toBe(1);
      expect(await s.ledger.guardrailSpend('g1', DAY_START)).toMatchObject({ spentMicro: 0, reservedMicro: 0 });
      await s.ledger.settle(hold.id, micro(300), { at: LATER });
      await s.ledger.settle(hold.id, micro(300), { at: LATER });
      expect(await s.ledger.guardrailSpend('g1', DAY_START)).toMatchObject({ spentMicro: 300, reservedMicro: 0 });
      await expectCountersConsistent(store.db());
    });

    it('BYOK upstream value counts only on guardrails that include BYOK in their budgets', async () => {
      const s = await setUp(store(), 'g_byok', 'g_plain');
      const hold = holdOf(await s.ledger.reserve(input(1, 100, [budget('g_byok', 10_000, DAY_START, true), budget('g_plain', 10_000)])));
      await s.ledger.settle(hold.id, micro(5), { at: LATER, byokUsageMicro: micro(95) });
      expect(await s.ledger.guardrailSpend('g_byok', DAY_START)).toMatchObject({ spentMicro: 100 });
      expect(await s.ledger.guardrailSpend('g_plain', DAY_START)).toMatchObject({ spentMicro: 5 });
      // Inside the free BYOK allowance the charge is 0; the upstream value still counts, once.
      const free = holdOf(await s.ledger.reserve(input(2, 100, [budget('g_byok', 10_000, DAY_START, true), budget('g_plain', 10_000)])));
      await s.ledger.settle(free.id, micro(0), { at: LATER, byokUsageMicro: micro(40) });
      await s.ledger.settle(free.id, micro(0), { at: LATER, byokUsageMicro: micro(40) });
      expect(await s.ledger.guardrailSpend('g_byok', DAY_START)).toEqual({ spentMicro: 140, reservedMicro: 0, windowStartMs: DAY_START });
      expect(await s.ledger.guardrailSpend('g_plain', DAY_START)).toEqual({ spentMicro: 5, reservedMicro: 0, windowStartMs: DAY_START });
    });

    it('a guardrail deleted while a request is in flight (or just before it reserves) does not fail the request', async () => {
      const s = await setUp(store(), 'g1');
      const hold = holdOf(await s.ledger.reserve(input(1, 100, [budget('g1', 1_000)])));
      expect(await s.guardrails.delete(ACCOUNT.id, 'g1')).toBe(true);
      expect((await s.ledger.reserve(input(2, 100, [budget('g1', 1_000)]))).ok).toBe(true);
      await s.ledger.settle(hold.id, micro(50), { at: LATER });
      expect(await s.ledger.keySpend('key_1', T0)).toMatchObject({ daily: 50 });
    });
  });
}

export function describeGuardrailBudgetConcurrency(factory: StoreFactory): void {
  describe('ledger: concurrent guardrail reserves', () => {
    const store = useStore(factory);

    it('never reserves more than a small guardrail budget when many reserve at once', async () => {
      const s = await setUp(store(), 'g1');
      const results = await Promise.all(Array.from({ length: 40 }, (_, n) => s.ledger.reserve(input(n, 100, [budget('g1', 1_000)], { keyId: `key_${String(n % 4)}` }))));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(await s.ledger.guardrailSpend('g1', DAY_START)).toMatchObject({ reservedMicro: 1_000 });
      await expectCountersConsistent(store.db());
    });

    it('keeps every counter exact, without deadlock, when requests over overlapping guardrails reserve, settle and release at once', async () => {
      const s = await setUp(store(), 'g_a', 'g_b', 'g_c');
      await s.ledger.post({ accountId: ACCOUNT.id, kind: 'topup', amountMicro: micro(50_000), idempotencyKey: 'top', at: T0 });
      const sets = [
        [budget('g_a', 3_000), budget('g_b', 4_000)],
        [budget('g_b', 4_000), budget('g_a', 3_000)],
        [budget('g_c', 2_500), budget('g_a', 3_000)],
        [budget('g_b', 4_000), budget('g_c', 2_500)],
      ];
      const amount = (n: number) => 1 + ((n * 7_919) % 300);
      const run = async (n: number): Promise<void> => {
        const keyLimit = { limitMicro: micro(6_000), reset: 'daily' as const, windowStartMs: DAY_START };
        const result = await s.ledger.reserve(input(n, amount(n), sets[n % sets.length] ?? [], { enforceBalance: true, keyLimit, keyId: `key_${String(n % 3)}` }));
        if (!result.ok) return;
        if (n % 3 === 0) await s.ledger.release(result.hold.id);
        else await s.ledger.settle(result.hold.id, micro(Math.floor(amount(n) / 2)), { at: LATER });
      };
      await Promise.all(Array.from({ length: 160 }, (_, n) => run(n)));
      for (const [id, limit] of [['g_a', 3_000], ['g_b', 4_000], ['g_c', 2_500]] as const) {
        const spend = await s.ledger.guardrailSpend(id, DAY_START);
        expect(spend.reservedMicro).toBe(0);
        expect(spend.spentMicro).toBeGreaterThan(0);
        expect(spend.spentMicro).toBeLessThanOrEqual(limit);
      }
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ reservedMicro: 0 });
      await expectCountersConsistent(store.db());
    });
  });
}
