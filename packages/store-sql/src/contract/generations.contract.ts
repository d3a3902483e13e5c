import { describe, expect, it } from 'vitest';
import type { GenerationRecord } from '@switchyard/core';
import type { StoreFactory } from './fixtures.js';
import { fullGeneration, generation, micro, useStore } from './fixtures.js';

function batch(prefix: string, count: number): GenerationRecord[] {
  return Array.from({ length: count }, (_, i) =>
    generation(`${prefix}_${String(i).padStart(4, '0')}`, { costMicro: micro(i), tokensPrompt: i }),
  );
}

/** A row the database refuses (NOT NULL) although it passes the in-process number checks. */
function refusedByDatabase(id: string): GenerationRecord {
  return { ...generation(id), model: null as unknown as string };
}

export function describeGenerations(factory: StoreFactory): void {
  describe('generations', () => {
    const store = useStore(factory);

    it('round-trips every field of a record', async () => {
      const full = fullGeneration('gen_full');
      const minimal = generation('gen_min');
      await store().generations.insertMany([full, minimal]);
      const readFull = await store().generations.get('gen_full');
      expect(readFull).toEqual(full);
      expect(readFull?.createdAt.toISOString()).toBe('2025-03-04T05:06:07.089Z');
      expect(readFull?.costMicro).toBe(9_007_199_254_740_000);
      expect(readFull?.attempts[0]).toEqual(full.attempts[0]);
      expect(readFull?.attempts[1]).not.toHaveProperty('errorCode');
      expect(readFull?.attempts[1]).not.toHaveProperty('errorMessage');
      expect(await store().generations.get('gen_min')).toEqual(minimal);
    });

    it('get misses with undefined; an empty batch is a no-op', async () => {
      await store().generations.insertMany([]);
      expect(await store().generations.get('gen_missing')).toBeUndefined();
    });

    it('is idempotent on id: repeats keep the first row, within and across batches', async () => {
      const first = generation('gen_1', { costMicro: micro(5) });
      await store().generations.insertMany([first, generation('gen_2')]);
      const changed = generation('gen_1', { costMicro: micro(999), model: 'other/model' });
      await store().generations.insertMany([changed, generation('gen_2'), generation('gen_3')]);
      await store().generations.insertMany([generation('gen_4'), generation('gen_4', { costMicro: micro(7) })]);
      expect(await store().generations.get('gen_1')).toEqual(first);
      expect(await store().generations.get('gen_3')).toEqual(generation('gen_3'));
      expect((await store().generations.get('gen_4'))?.costMicro).toBe(0);
      expect((await store().keys.usage('key_1', new Date('2025-02-01T12:00:00.000Z'))).total).toBe(5);
    });

    it('stores a 100-row batch', async () => {
      const rows = batch('gen', 100);
      await store().generations.insertMany(rows);
      expect(await store().generations.get('gen_0000')).toEqual(rows[0]);
      expect(await store().generations.get('gen_0099')).toEqual(rows[99]);
      expect((await store().keys.usage('key_1', new Date('2025-02-01T12:00:00.000Z'))).total).toBe(4_950);
    });
  });

  describe('generations: a failed batch stores nothing', () => {
    const store = useStore(factory);

    it('when the database refuses the last row', async () => {
      const rows = [generation('gen_1'), generation('gen_2'), refusedByDatabase('gen_3')];
      await expect(store().generations.insertMany(rows)).rejects.toThrow();
      expect(await store().generations.get('gen_1')).toBeUndefined();
      expect(await store().generations.get('gen_2')).toBeUndefined();
    });

    it('when the refused row is in a later statement of a large batch', async () => {
      const rows = [...batch('gen', 600), refusedByDatabase('gen_bad')];
      await expect(store().generations.insertMany(rows)).rejects.toThrow();
      expect(await store().generations.get('gen_0000')).toBeUndefined();
      expect(await store().generations.get('gen_0599')).toBeUndefined();
    });

    it('when a number is not an integer or a Date is invalid (checked before any SQL)', async () => {
      const fractional = generation('gen_2', { costMicro: micro(1.5) });
      await expect(store().generations.insertMany([generation('gen_1'), fractional])).rejects.toThrow(/costMicro/);
      const badDate = generation('gen_3', { createdAt: new Date('not a date') });
      await expect(store().generations.insertMany([badDate])).rejects.toThrow(RangeError);
      const hugeTokens = generation('gen_4', { tokensPrompt: 2 ** 31 });
      await expect(store().generations.insertMany([hugeTokens])).rejects.toThrow(/tokensPrompt/);
      expect(await store().generations.get('gen_1')).toBeUndefined();
    });

    it('a large batch that succeeds is stored completely', async () => {
      await store().generations.insertMany(batch('gen', 600));
      expect(await store().generations.get('gen_0599')).toBeDefined();
      expect((await store().keys.usage('key_1', new Date('2025-02-01T12:00:00.000Z'))).total).toBe((599 * 600) / 2);
    });
  });
}
