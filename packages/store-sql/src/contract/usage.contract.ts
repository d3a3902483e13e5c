import { describe, expect, it } from 'vitest';
import type { GenerationRecord, KeyUsage } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { generation, micro, useStore } from './fixtures.js';

const ZERO: KeyUsage = {
  total: micro(0),
  daily: micro(0),
  weekly: micro(0),
  monthly: micro(0),
  byokTotal: micro(0),
  byokDaily: micro(0),
  byokWeekly: micro(0),
  byokMonthly: micro(0),
};

/**
 * Costs are powers of ten so every sum shows exactly which rows it included. A BYOK row's `cost` is
 * the provider's cost (`upstreamCostMicro`, what BYOK usage sums); what was charged for it (a fee of
 * 5 %, here) must not show in either sum.
 */
function spend(n: number, at: string, cost: number, isByok = false, keyId = 'key_1'): GenerationRecord {
  const costs = isByok ? { costMicro: micro(Math.round(cost * 0.05)), upstreamCostMicro: micro(cost) } : { costMicro: micro(cost) };
  return generation(`gen_${String(n)}`, { keyId, createdAt: new Date(at), isByok, ...costs });
}

// `now` below is Wednesday 2025-04-02: the ISO week started Monday 2025-03-31, inside the previous month.
const ROWS: readonly GenerationRecord[] = [
  spend(1, '2025-04-02T00:00:00.000Z', 1), // first ms of the day
  spend(2, '2025-04-01T23:59:59.999Z', 10), // yesterday, same week and month
  spend(3, '2025-03-31T00:00:00.000Z', 100), // Monday 00:00: first ms of the week, previous month
  spend(4, '2025-03-30T23:59:59.999Z', 1_000), // Sunday before: neither week nor month
  spend(5, '2025-04-03T00:00:00.000Z', 10_000), // tomorrow: same week and month, not today
  spend(6, '2025-04-07T00:00:00.000Z', 100_000), // next Monday: same month only
  spend(7, '2025-05-01T00:00:00.000Z', 1_000_000), // next month: total only
  spend(8, '2024-04-02T12:00:00.000Z', 10_000_000), // a year earlier: total only
  spend(9, '2025-04-02T23:59:59.999Z', 2, true), // BYOK, today
  spend(10, '2025-03-31T12:00:00.000Z', 20, true), // BYOK, this week, previous month
  spend(11, '2025-04-01T00:00:00.000Z', 200, true), // BYOK, first ms of the month
  spend(12, '2025-01-01T00:00:00.000Z', 2_000, true), // BYOK, total only
  spend(13, '2025-04-02T10:00:00.000Z', 30_000_000, false, 'key_2'), // another key
  spend(14, '2025-04-02T10:00:00.000Z', 40_000_000, true, 'key_2'),
];

export function describeKeyUsage(factory: StoreFactory): void {
  describe('keys: usage windows', () => {
    const store = useStore(factory);

    it('is all zero for a key without generations', async () => {
      expect(await store().keys.usage('key_1', new Date('2025-04-02T10:00:00.000Z'))).toEqual(ZERO);
    });

    it('sums the UTC day, ISO week and calendar month containing now, BYOK apart', async () => {
      await store().generations.insertMany(ROWS);
      expect(await store().keys.usage('key_1', new Date('2025-04-02T10:00:00.000Z'))).toEqual({
        total: 11_111_111,
        daily: 1,
        weekly: 10_111,
        monthly: 110_011,
        byokTotal: 2_222,
        byokDaily: 2,
        byokWeekly: 222,
        byokMonthly: 202,
      });
      expect(await store().keys.usage('key_2', new Date('2025-04-02T10:00:00.000Z'))).toMatchObject({
        total: 30_000_000,
        byokTotal: 40_000_000,
      });
    });

    it('moves the windows with now: last ms of a Sunday, first ms of a Monday and of a month', async () => {
      await store().generations.insertMany(ROWS);
      // Sunday 2025-04-06, last ms: still the week of Monday 03-31.
      expect(await store().keys.usage('key_1', new Date('2025-04-06T23:59:59.999Z'))).toMatchObject({
        daily: 0,
        weekly: 10_111,
        monthly: 110_011,
      });
      // Monday 2025-04-07 00:00: a new week with only row 6.
      expect(await store().keys.usage('key_1', new Date('2025-04-07T00:00:00.000Z'))).toMatchObject({
        daily: 100_000,
        weekly: 100_000,
        monthly: 110_011,
        byokWeekly: 0,
      });
      // Tuesday 2025-04-01 00:00: first ms of April; the week still holds Monday 03-31.
      expect(await store().keys.usage('key_1', new Date('2025-04-01T00:00:00.000Z'))).toMatchObject({
        daily: 10,
        weekly: 10_111,
        monthly: 110_011,
        byokDaily: 200,
        byokWeekly: 222,
        byokMonthly: 202,
      });
      // Monday 2025-03-31 noon: the March month and the week starting that day.
      expect(await store().keys.usage('key_1', new Date('2025-03-31T12:00:00.000Z'))).toMatchObject({
        daily: 100,
        weekly: 10_111,
        monthly: 1_100,
        byokDaily: 20,
        byokMonthly: 20,
      });
    });

    it('returns large sums as exact numbers', async () => {
      const big = 4_000_000_000_000_000;
      await store().generations.insertMany([
        spend(1, '2025-04-02T01:00:00.000Z', big),
        spend(2, '2025-04-02T02:00:00.000Z', big),
      ]);
      const usage = await store().keys.usage('key_1', new Date('2025-04-02T10:00:00.000Z'));
      expect(usage.total).toBe(2 * big);
      expect(usage.daily).toBe(2 * big);
      expect(typeof usage.total).toBe('number');
    });
  });
}
