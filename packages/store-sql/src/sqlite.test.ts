import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { generation, micro } from './contract/fixtures.js';
import { createSqliteStore } from './sqlite/create-sqlite-store.js';
import { runStoreContract } from './store.contract.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'switchyard-store-sql-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

runStoreContract('sqlite (temp file)', () => {
  // A directory that does not exist yet: the factory creates it.
  const dir = join(tempRoot, randomUUID(), 'nested');
  const store = createSqliteStore({ path: join(dir, 'switchyard.db') });
  return Promise.resolve({
    store,
    db: store.db,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

runStoreContract('sqlite (:memory:)', () => {
  const store = createSqliteStore({ path: ':memory:' });
  return Promise.resolve({ store, db: store.db, dispose: () => store.close() });
});

describe('createSqliteStore', () => {
  it('creates the parent directory and opens WAL, synchronous=NORMAL, foreign keys, busy_timeout', async () => {
    const path = join(tempRoot, 'pragmas', 'deeper', 'db.sqlite');
    const store = createSqliteStore({ path, busyTimeoutMs: 1234 });
    try {
      expect(existsSync(join(tempRoot, 'pragmas', 'deeper'))).toBe(true);
      const pragma = async (name: string): Promise<unknown> => {
        const result = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(store.db);
        return Object.values(result.rows[0] ?? {})[0];
      };
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1); // NORMAL
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(1234);
    } finally {
      await store.close();
    }
  });

  it('stores booleans as integers 0/1 and money and times as integers', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      await store.migrate();
      await store.generations.insertMany([generation('gen_1', { isByok: true, costMicro: micro(42) })]);
      const row = await sql<Record<string, unknown>>`select typeof(is_byok) b, is_byok, typeof(cost_micro) c, typeof(created_at) t, typeof(attempts) a from generations`.execute(store.db);
      expect(row.rows[0]).toEqual({ b: 'integer', is_byok: 1, c: 'integer', t: 'integer', a: 'text' });
    } finally {
      await store.close();
    }
  });

  it('starts transactions with BEGIN IMMEDIATE, so another process waits instead of racing', async () => {
    const path = join(tempRoot, 'immediate', 'db.sqlite');
    const store = createSqliteStore({ path });
    const other = new BetterSqlite3(path);
    try {
      await store.migrate();
      other.pragma('busy_timeout = 0');
      const write = () => other.prepare("insert into accounts (id, name, created_at) values ('acct_x', 'x', 0)").run();
      await store.transaction(() => {
        // Nothing written yet in this transaction, but it already holds the write lock.
        expect(write).toThrow(/locked|busy/i);
        return Promise.resolve();
      });
      expect(write().changes).toBe(1);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('rejects a negative busy timeout', () => {
    expect(() => createSqliteStore({ path: ':memory:', busyTimeoutMs: -1 })).toThrow(RangeError);
  });

  it('reopens a migrated file and keeps its data', async () => {
    const path = join(tempRoot, 'reopen', 'db.sqlite');
    const first = createSqliteStore({ path });
    await first.migrate();
    await first.generations.insertMany([generation('gen_1')]);
    await first.close();
    const second = createSqliteStore({ path });
    try {
      await second.migrate();
      expect(await second.generations.get('gen_1')).toEqual(generation('gen_1'));
    } finally {
      await second.close();
    }
  });
});

describe('insertMany throughput (SQLite file, WAL)', () => {
  it('stores 100-row batches fast enough for the write-behind queue', async () => {
    const store = createSqliteStore({ path: join(tempRoot, 'bench', 'db.sqlite') });
    try {
      await store.migrate();
      const batches = 200;
      const rows = (b: number) =>
        Array.from({ length: 100 }, (_, i) =>
          generation(`gen_${String(b)}_${String(i)}`, {
            keyId: `key_${String(i % 7)}`,
            costMicro: micro(1000 + i),
            createdAt: new Date(Date.UTC(2025, 0, 1) + b * 1000 + i),
            userAgent: 'openai-node/6.0',
            attempts: [{ providerId: 'openai', providerName: 'OpenAI', endpointId: 'ep', modelId: 'm', status: 200, latencyMs: 300 }],
          }),
        );
      await store.generations.insertMany(rows(-1)); // warm-up
      const prepared = Array.from({ length: batches }, (_, b) => rows(b));
      const started = performance.now();
      for (const batch of prepared) await store.generations.insertMany(batch);
      const seconds = (performance.now() - started) / 1000;
      const rate = Math.round((batches * 100) / seconds);
      console.info(`[store-sql] SQLite insertMany: ${String(rate)} rows/s (${String(batches)} batches of 100 in ${seconds.toFixed(3)} s)`);
      const count = await sql<{ n: number }>`select count(*) as n from generations`.execute(store.db);
      expect(count.rows[0]?.n).toBe(batches * 100 + 100);
      expect(rate).toBeGreaterThan(5_000);
    } finally {
      await store.close();
    }
  });
});
