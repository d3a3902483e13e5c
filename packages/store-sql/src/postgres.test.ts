import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, generation, micro } from './contract/fixtures.js';
import { MIGRATIONS } from './migrations/migrations.js';
import { createPostgresStore } from './postgres/create-postgres-store.js';
import { runStoreContract } from './store.contract.js';

const url = process.env['SWITCHYARD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const shownUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function probe(): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    await client.end().catch((error: unknown) => console.warn('[store-sql] closing the probe connection failed', error));
  }
}

const unreachable = await probe();

if (unreachable === undefined) {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  afterAll(() => admin.end());
  const freshSchema = (): string => `sy_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const dropSchema = async (schema: string): Promise<void> => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
  };

  runStoreContract('postgres', async () => {
    const schema = freshSchema();
    const store = await createPostgresStore({ url, schema });
    return {
      store,
      db: store.db,
      dispose: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  });

  describe('createPostgresStore', () => {
    it('creates the schema, puts the tables there and isolates schemas from each other', async () => {
      const [a, b] = [freshSchema(), freshSchema()];
      const storeA = await createPostgresStore({ url, schema: a });
      const storeB = await createPostgresStore({ url, schema: b });
      try {
        await Promise.all([storeA.migrate(), storeB.migrate()]);
        const tables = await admin.query<{ table_name: string }>(
          'select table_name from information_schema.tables where table_schema = $1 order by table_name',
          [a],
        );
        // Every area's migration adds tables: check the core ones and the bookkeeping, not the whole list.
        expect(tables.rows.map((row) => row.table_name)).toEqual(
          expect.arrayContaining(['accounts', 'api_keys', 'generations', 'ledger_entries', 'switchyard_migration', 'switchyard_migration_lock']),
        );
        await storeA.accounts.ensure(ACCOUNT);
        expect(await storeA.accounts.get(ACCOUNT.id)).toEqual(ACCOUNT);
        expect(await storeB.accounts.get(ACCOUNT.id)).toBeUndefined();
      } finally {
        await Promise.all([storeA.close(), storeB.close()]);
        await Promise.all([dropSchema(a), dropSchema(b)]);
      }
    });

    it('serializes concurrent migrations of the same schema', async () => {
      const schema = freshSchema();
      const stores = await Promise.all([1, 2, 3].map(() => createPostgresStore({ url, schema })));
      try {
        await Promise.all(stores.map((store) => store.migrate()));
        const names = await admin.query<{ name: string }>(`select name from "${schema}".switchyard_migration`);
        expect(names.rows.map((row) => row.name).sort()).toEqual(Object.keys(MIGRATIONS).sort());
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await dropSchema(schema);
      }
    });

    it('without a schema option, migrates into the current schema of the search_path', async () => {
      const schema = freshSchema();
      await admin.query(`create schema "${schema}"`);
      const withPath = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const store = await createPostgresStore({ url: withPath });
      try {
        await store.migrate();
        await store.migrate();
        const tables = await admin.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1', [schema]);
        expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(['accounts', 'api_keys', 'generations', 'switchyard_migration']));
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });

    it('stores int8 money and timestamps and native booleans', async () => {
      const schema = freshSchema();
      const store = await createPostgresStore({ url, schema });
      try {
        await store.migrate();
        await store.generations.insertMany([generation('gen_1', { isByok: true, costMicro: micro(2 ** 53 - 1) })]);
        const types = await sql<Record<string, string>>`select pg_typeof(cost_micro)::text c, pg_typeof(created_at)::text t, pg_typeof(is_byok)::text b, is_byok::text v from generations`.execute(store.db);
        expect(types.rows[0]).toEqual({ c: 'bigint', t: 'bigint', b: 'boolean', v: 'true' });
        expect((await store.generations.get('gen_1'))?.costMicro).toBe(2 ** 53 - 1);
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await expect(createPostgresStore({ url, schema: 'bad"; drop table x; --' })).rejects.toThrow(RangeError);
    });

    it('measures insertMany throughput for 100-row batches', async () => {
      const schema = freshSchema();
      const store = await createPostgresStore({ url, schema });
      try {
        await store.migrate();
        const batches = 50;
        const prepared = Array.from({ length: batches }, (_, b) =>
          Array.from({ length: 100 }, (_, i) => generation(`gen_${String(b)}_${String(i)}`, { costMicro: micro(i) })),
        );
        const started = performance.now();
        for (const batch of prepared) await store.generations.insertMany(batch);
        const seconds = (performance.now() - started) / 1000;
        console.info(`[store-sql] PostgreSQL insertMany: ${String(Math.round((batches * 100) / seconds))} rows/s`);
        expect((await store.keys.usage('key_1', new Date('2025-02-01T12:00:00.000Z'))).total).toBe(batches * 4950);
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });
  });
} else if (process.env['CI'] === 'true') {
  describe('Store contract: postgres', () => {
    it('needs a reachable PostgreSQL in CI', () => {
      throw new Error(
        `PostgreSQL is not reachable at ${shownUrl} (${unreachable.message}). CI must run the PostgreSQL store contract: ` +
          'start a PostgreSQL service or set SWITCHYARD_TEST_POSTGRES_URL.',
      );
    });
  });
} else {
  console.warn(
    `[store-sql] SKIPPING the PostgreSQL store contract: ${shownUrl} is not reachable (${unreachable.message}). ` +
      'Set SWITCHYARD_TEST_POSTGRES_URL to run it (in CI=true this fails).',
  );
  describe.skip(`Store contract: postgres (skipped: ${shownUrl} unreachable)`, () => {
    it('runs against PostgreSQL', () => undefined);
  });
}
