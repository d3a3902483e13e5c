import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { KeyLimitWindow, ReserveInput, Store } from '@switchyard/core';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreFactory } from './fixtures.js';
import { ACCOUNT, micro, OTHER_ACCOUNT, useStore, withAccounts } from './fixtures.js';

const T0 = new Date('2025-04-02T10:00:00.000Z');
const LATER = new Date('2025-04-02T10:10:00.000Z');
const DAY_START = Date.UTC(2025, 3, 2);

function reserveInput(n: number, amount: number, overrides: Partial<ReserveInput> = {}): ReserveInput {
  return {
    accountId: ACCOUNT.id,
    keyId: 'key_1',
    generationId: `gen_${String(n)}`,
    amountMicro: micro(amount),
    enforceBalance: true,
    keyLimit: null,
    at: T0,
    expiresAt: LATER,
    ...overrides,
  };
}

const daily = (limit: number, windowStartMs = DAY_START): KeyLimitWindow => ({ limitMicro: micro(limit), reset: 'daily', windowStartMs });

async function topUp(store: Store, amount: number, key = `topup-${String(amount)}`, accountId: string = ACCOUNT.id) {
  return store.ledger.post({ accountId, kind: 'topup', amountMicro: micro(amount), idempotencyKey: key, at: T0 });
}

/** The balance rows and key counters must equal what the entries and open holds say. */
export async function expectConsistent(db: Kysely<Database>): Promise<void> {
  const balances = await sql<{ account_id: string; drift: number | string }>`
    select b.account_id,
      abs(b.balance_micro - coalesce((select sum(e.amount_micro) from ledger_entries e where e.account_id = b.account_id), 0))
      + abs(b.reserved_micro - coalesce((select sum(h.amount_micro) from credit_holds h where h.account_id = b.account_id and h.status = 'held' and h.reserves_balance = ${1}), 0))
      + abs(b.total_credits_micro - b.total_usage_micro - b.balance_micro) as drift
    from account_balances b`.execute(db);
  for (const row of balances.rows) expect({ account: row.account_id, drift: Number(row.drift) }).toEqual({ account: row.account_id, drift: 0 });
  const keys = await sql<{ key_id: string; drift: number | string }>`
    select k.key_id,
      abs(k.spent_micro - coalesce((select sum(e.key_usage_micro) from ledger_entries e where e.key_id = k.key_id and e.kind = 'charge' and e.occurred_at >= k.window_start), 0))
      + abs(k.reserved_micro - coalesce((select sum(h.amount_micro) from credit_holds h where h.key_id = k.key_id and h.status = 'held' and h.reserves_key = ${1}), 0)) as drift
    from key_spend k`.execute(db);
  for (const row of keys.rows) expect({ key: row.key_id, drift: Number(row.drift) }).toEqual({ key: row.key_id, drift: 0 });
}

export function describeLedgerEntries(factory: StoreFactory): void {
  describe('ledger: entries and balance', () => {
    const store = useStore(factory);

    it('starts at zero and sums top-ups, refunds and adjustments into credits, usage and balance', async () => {
      const s = await withAccounts(store());
      expect(await s.ledger.balance(ACCOUNT.id)).toEqual({ accountId: ACCOUNT.id, totalCreditsMicro: 0, totalUsageMicro: 0, balanceMicro: 0, reservedMicro: 0 });
      await topUp(s, 10_000_000);
      await s.ledger.post({ accountId: ACCOUNT.id, kind: 'adjustment', amountMicro: micro(-500), idempotencyKey: 'adj-1', note: 'goodwill reversal', at: T0 });
      await s.ledger.post({ accountId: ACCOUNT.id, kind: 'refund', amountMicro: micro(200), idempotencyKey: 'ref-1', at: T0 });
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalCreditsMicro: 9_999_500, totalUsageMicro: -200, balanceMicro: 9_999_700 });
      expect(await s.ledger.balance(OTHER_ACCOUNT.id)).toMatchObject({ balanceMicro: 0 });
      const entries = await s.ledger.entries(ACCOUNT.id, 10);
      expect(entries.map((e) => [e.kind, e.amountMicro])).toEqual(expect.arrayContaining([['topup', 10_000_000], ['adjustment', -500], ['refund', 200]]));
      expect(entries.find((e) => e.kind === 'adjustment')?.note).toBe('goodwill reversal');
      await expectConsistent(store.db());
    });

    it('is idempotent per account and idempotency key: a replay returns the stored entry and changes nothing', async () => {
      const s = await withAccounts(store());
      const first = await topUp(s, 5_000_000, 'payment-42');
      const replay = await topUp(s, 7_000_000, 'payment-42');
      expect(first.created).toBe(true);
      expect(replay).toEqual({ created: false, entry: first.entry });
      expect((await s.ledger.balance(ACCOUNT.id)).balanceMicro).toBe(5_000_000);
      // The same key on another account is another entry.
      expect((await topUp(s, 1, 'payment-42', OTHER_ACCOUNT.id)).created).toBe(true);
    });

    it('refuses amounts with the wrong sign, fractions and empty keys before writing', async () => {
      const s = await withAccounts(store());
      const post = (kind: 'topup' | 'refund' | 'adjustment', amount: number, key = 'k') =>
        s.ledger.post({ accountId: ACCOUNT.id, kind, amountMicro: micro(amount), idempotencyKey: key, at: T0 });
      await expect(post('topup', -1)).rejects.toThrow(RangeError);
      await expect(post('topup', 1.5)).rejects.toThrow(RangeError);
      await expect(post('refund', 0)).rejects.toThrow(RangeError);
      await expect(post('adjustment', 0)).rejects.toThrow(RangeError);
      await expect(post('topup', 1, '')).rejects.toThrow(RangeError);
      expect(await s.ledger.entries(ACCOUNT.id, 10)).toEqual([]);
    });
  });
}

export function describeLedgerHolds(factory: StoreFactory): void {
  describe('ledger: holds', () => {
    const store = useStore(factory);

    it('reserves only what is available and reports what is left when it refuses', async () => {
      const s = await withAccounts(store());
      expect(await s.ledger.reserve(reserveInput(1, 1))).toEqual({ ok: false, source: 'account', availableMicro: 0 });
      await topUp(s, 1_000);
      const first = await s.ledger.reserve(reserveInput(1, 700));
      expect(first).toMatchObject({ ok: true, hold: { amountMicro: 700, status: 'held', generationId: 'gen_1', keyId: 'key_1' } });
      expect(await s.ledger.reserve(reserveInput(2, 301))).toEqual({ ok: false, source: 'account', availableMicro: 300 });
      expect((await s.ledger.reserve(reserveInput(3, 300))).ok).toBe(true);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ balanceMicro: 1_000, reservedMicro: 1_000 });
      await expectConsistent(store.db());
    });

    it('without enforcement reserves nothing of the balance and lets it go negative on settle', async () => {
      const s = await withAccounts(store());
      const result = await s.ledger.reserve(reserveInput(1, 5_000, { enforceBalance: false }));
      if (!result.ok) throw new Error('expected a hold');
      await s.ledger.settle(result.hold.id, micro(1_234), { at: LATER });
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 1_234, balanceMicro: -1_234, reservedMicro: 0 });
      await expectConsistent(store.db());
    });

    it('settles once: one charge keyed by the generation id, the rest of the hold released', async () => {
      const s = await withAccounts(store());
      await topUp(s, 10_000);
      const result = await s.ledger.reserve(reserveInput(7, 4_000));
      if (!result.ok) throw new Error('expected a hold');
      await s.ledger.settle(result.hold.id, micro(1_500), { at: LATER });
      await s.ledger.settle(result.hold.id, micro(1_500), { at: LATER });
      await s.ledger.release(result.hold.id);
      const charges = (await s.ledger.entries(ACCOUNT.id, 10)).filter((e) => e.kind === 'charge');
      expect(charges).toMatchObject([{ amountMicro: -1_500, idempotencyKey: 'gen_7', generationId: 'gen_7', keyId: 'key_1', keyUsageMicro: 1_500 }]);
      expect(charges[0]?.occurredAt).toEqual(T0);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 1_500, balanceMicro: 8_500, reservedMicro: 0 });
      expect((await s.ledger.getHold(result.hold.id))?.status).toBe('settled');
      await expectConsistent(store.db());
    });

    it('settling zero or releasing gives the hold back without a charge', async () => {
      const s = await withAccounts(store());
      await topUp(s, 10_000);
      const a = await s.ledger.reserve(reserveInput(1, 4_000));
      const b = await s.ledger.reserve(reserveInput(2, 4_000));
      if (!a.ok || !b.ok) throw new Error('expected holds');
      await s.ledger.settle(a.hold.id, micro(0), { at: LATER });
      await s.ledger.release(b.hold.id);
      await s.ledger.release(b.hold.id);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ balanceMicro: 10_000, reservedMicro: 0 });
      expect((await s.ledger.entries(ACCOUNT.id, 10)).map((e) => e.kind)).toEqual(['topup']);
      expect((await s.ledger.getHold(b.hold.id))?.status).toBe('released');
      await expectConsistent(store.db());
    });

    it('releases expired holds only, and a late settle still charges exactly once', async () => {
      const s = await withAccounts(store());
      await topUp(s, 10_000);
      const old = await s.ledger.reserve(reserveInput(1, 3_000, { expiresAt: new Date(T0.getTime() + 1_000) }));
      const fresh = await s.ledger.reserve(reserveInput(2, 3_000, { expiresAt: new Date(T0.getTime() + 60_000) }));
      if (!old.ok || !fresh.ok) throw new Error('expected holds');
      expect(await s.ledger.releaseExpiredHolds(new Date(T0.getTime() + 1_000))).toBe(1);
      expect(await s.ledger.releaseExpiredHolds(new Date(T0.getTime() + 2_000))).toBe(0);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ reservedMicro: 3_000 });
      await s.ledger.settle(old.hold.id, micro(1_000), { at: LATER });
      await s.ledger.settle(old.hold.id, micro(1_000), { at: LATER });
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ balanceMicro: 9_000, reservedMicro: 3_000, totalUsageMicro: 1_000 });
      await expectConsistent(store.db());
    });
  });
}

export function describeKeyLimits(factory: StoreFactory): void {
  describe('ledger: key spend limits', () => {
    const store = useStore(factory);

    it('reserves against the key limit in its window, with or without enforced credits', async () => {
      const s = await withAccounts(store());
      const limited = (n: number, amount: number) => reserveInput(n, amount, { enforceBalance: false, keyLimit: daily(1_000) });
      const a = await s.ledger.reserve(limited(1, 600));
      expect(await s.ledger.reserve(limited(2, 500))).toEqual({ ok: false, source: 'key', availableMicro: 400 });
      if (!a.ok) throw new Error('expected a hold');
      await s.ledger.settle(a.hold.id, micro(250), { at: LATER });
      expect(await s.ledger.reserve(limited(3, 751))).toEqual({ ok: false, source: 'key', availableMicro: 750 });
      expect((await s.ledger.reserve(limited(4, 750))).ok).toBe(true);
      expect(await s.ledger.keySpend('key_1', T0)).toMatchObject({ daily: 250, total: 250, reservedMicro: 750 });
      await expectConsistent(store.db());
    });

    it('starts a new window from the charges made in it, and refuses on the account before touching the key', async () => {
      const s = await withAccounts(store());
      const first = await s.ledger.reserve(reserveInput(1, 900, { enforceBalance: false, keyLimit: daily(1_000) }));
      if (!first.ok) throw new Error('expected a hold');
      await s.ledger.settle(first.hold.id, micro(900), { at: LATER });
      const nextDay = new Date(T0.getTime() + 86_400_000);
      const next = reserveInput(2, 1_000, { enforceBalance: false, keyLimit: daily(1_000, DAY_START + 86_400_000), at: nextDay });
      expect((await s.ledger.reserve(next)).ok).toBe(true);
      const refused = await s.ledger.reserve(reserveInput(3, 1, { keyLimit: daily(1_000_000, DAY_START + 86_400_000), at: nextDay }));
      expect(refused).toEqual({ ok: false, source: 'account', availableMicro: 0 });
      expect(await s.ledger.keySpend('key_1', nextDay)).toMatchObject({ daily: 0, total: 900, reservedMicro: 1_000 });
      await expectConsistent(store.db());
    });

    it('chargeMany: charges with nothing reserved, idempotent per generation; a key limit counts them', async () => {
      const s = await withAccounts(store());
      const limited = (n: number, amount: number) => reserveInput(n, amount, { enforceBalance: false, keyLimit: daily(1_000) });
      const first = await s.ledger.reserve(limited(1, 100));
      if (!first.ok) throw new Error('expected a hold');
      await s.ledger.settle(first.hold.id, micro(100), { at: LATER });
      const charges = [
        { generationId: 'gen_10', accountId: ACCOUNT.id, keyId: 'key_1', amountMicro: micro(300), at: T0 },
        { generationId: 'gen_11', accountId: OTHER_ACCOUNT.id, keyId: 'key_2', amountMicro: micro(50), keyUsageMicro: micro(70), at: T0 },
      ];
      await s.ledger.chargeMany(charges, LATER);
      await s.ledger.chargeMany(charges, LATER); // a batch written again charges nothing twice
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 400, balanceMicro: -400 });
      expect(await s.ledger.balance(OTHER_ACCOUNT.id)).toMatchObject({ totalUsageMicro: 50 });
      expect(await s.ledger.keySpend('key_2', T0)).toMatchObject({ daily: 70 });
      // The key's counter was written before the direct charge: its window is recomputed from the entries.
      expect(await s.ledger.reserve(limited(2, 601))).toEqual({ ok: false, source: 'key', availableMicro: 600 });
      expect((await s.ledger.reserve(limited(3, 600))).ok).toBe(true);
      await expectConsistent(store.db());
    });

    it('counts key usage by when the request started, over UTC day, week and month', async () => {
      const s = await withAccounts(store());
      const at = (n: number, iso: string, cost: number) => async () => {
        const result = await s.ledger.reserve(reserveInput(n, cost, { enforceBalance: false, at: new Date(iso) }));
        if (!result.ok) throw new Error('expected a hold');
        await s.ledger.settle(result.hold.id, micro(cost), { at: LATER });
      };
      await at(1, '2025-04-02T00:00:00.000Z', 1)();
      await at(2, '2025-03-31T00:00:00.000Z', 10)();
      await at(3, '2025-03-30T23:59:59.999Z', 100)();
      await at(4, '2024-12-01T00:00:00.000Z', 1_000)();
      expect(await s.ledger.keySpend('key_1', T0)).toEqual({ total: 1_111, daily: 1, weekly: 11, monthly: 1, reservedMicro: 0 });
      expect(await s.ledger.keySpend('key_2', T0)).toEqual({ total: 0, daily: 0, weekly: 0, monthly: 0, reservedMicro: 0 });
    });
  });
}

export function describeReserveConcurrency(factory: StoreFactory): void {
  describe('ledger: concurrent reserves', () => {
    const store = useStore(factory);

    it('never reserves more than the balance or the key limit when many reserve at once', async () => {
      const s = await withAccounts(store());
      await topUp(s, 1_000);
      const results = await Promise.all(Array.from({ length: 40 }, (_, n) => s.ledger.reserve(reserveInput(n, 100))));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ reservedMicro: 1_000 });
      const keyed = await Promise.all(
        Array.from({ length: 40 }, (_, n) => s.ledger.reserve(reserveInput(100 + n, 70, { keyId: 'key_2', enforceBalance: false, keyLimit: daily(700) }))),
      );
      expect(keyed.filter((r) => r.ok)).toHaveLength(10);
      await Promise.all(results.map((r) => (r.ok ? s.ledger.settle(r.hold.id, micro(40), { at: LATER }) : Promise.resolve())));
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ reservedMicro: 0, balanceMicro: 600, totalUsageMicro: 400 });
      await expectConsistent(store.db());
    });

    it('keeps the books exact when reserves, settles and releases interleave on the account and a key limit', async () => {
      const s = await withAccounts(store());
      await topUp(s, 5_000);
      const amount = (n: number) => 1 + ((n * 7_919) % 300);
      const run = async (n: number): Promise<number> => {
        const result = await s.ledger.reserve(reserveInput(n, amount(n), { keyLimit: daily(4_000) }));
        if (!result.ok) return 0;
        if (n % 3 === 0) {
          await s.ledger.release(result.hold.id);
          return 0;
        }
        const actual = Math.floor(amount(n) / 2);
        await s.ledger.settle(result.hold.id, micro(actual), { at: LATER });
        return actual;
      };
      const charged = (await Promise.all(Array.from({ length: 120 }, (_, n) => run(n)))).reduce((a, b) => a + b, 0);
      expect(charged).toBeGreaterThan(0);
      expect(charged).toBeLessThanOrEqual(4_000);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ balanceMicro: 5_000 - charged, reservedMicro: 0, totalUsageMicro: charged });
      expect(await s.ledger.keySpend('key_1', T0)).toMatchObject({ daily: charged, reservedMicro: 0 });
      await expectConsistent(store.db());
    });
  });
}

/** A BYOK request inside the free allowance: charged nothing, counted toward its key. */
export function describeByokKeyUsage(factory: StoreFactory): void {
  describe('ledger: BYOK key usage', () => {
    const store = useStore(factory);

    it('a BYOK request inside the free allowance: a charge of 0 that counts toward the key, once', async () => {
      const s = await withAccounts(store());
      const limited = (n: number, amount: number) => reserveInput(n, amount, { enforceBalance: false, keyLimit: daily(1_000) });
      const held = await s.ledger.reserve(limited(1, 100));
      if (!held.ok) throw new Error('expected a hold');
      await s.ledger.settle(held.hold.id, micro(0), { at: LATER, keyUsageMicro: micro(80) });
      await s.ledger.settle(held.hold.id, micro(0), { at: LATER, keyUsageMicro: micro(80) });
      const direct = { generationId: 'gen_20', accountId: ACCOUNT.id, keyId: 'key_1', amountMicro: micro(0), keyUsageMicro: micro(120), at: T0 };
      await s.ledger.chargeMany([direct], LATER);
      await s.ledger.chargeMany([direct], LATER);
      expect(await s.ledger.balance(ACCOUNT.id)).toMatchObject({ totalUsageMicro: 0, balanceMicro: 0, reservedMicro: 0 });
      expect(await s.ledger.keySpend('key_1', T0)).toMatchObject({ daily: 200, reservedMicro: 0 });
      expect(await s.ledger.reserve(limited(2, 801))).toEqual({ ok: false, source: 'key', availableMicro: 800 });
      expect((await s.ledger.reserve(limited(3, 800))).ok).toBe(true);
      const entries = await s.ledger.entries(ACCOUNT.id, 10);
      expect(entries.filter((entry) => entry.kind === 'charge').map((entry) => entry.amountMicro)).toEqual([0, 0]);
      // Nothing charged and nothing counted is not an entry.
      await expect(s.ledger.chargeMany([{ ...direct, generationId: 'gen_21', keyUsageMicro: micro(0) }], LATER)).rejects.toThrow(RangeError);
      await expectConsistent(store.db());
    });
  });
}
