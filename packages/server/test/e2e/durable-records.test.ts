import OpenAI from 'openai';
import { sql } from 'kysely';
import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { HELLO, PAID_MODEL, paidModelConfig, RECORDED_COST_MICRO } from '../support/credits-harness.js';

/**
 * `storage.durable_records: true` with credits not enforced: the write-behind writer's batch (the
 * record and its deferred charge) is committed before the answer ends, so the moment a client has
 * its answer, another connection to the database already sees both (a `kill -9` could lose neither).
 */
let t: TestGateway;
let client: OpenAI;
let reader: SqlStore;

beforeAll(async () => {
  t = await startTestGateway({ config: { storage: { durable_records: true }, ...paidModelConfig() } });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
  reader = createSqliteStore({ path: t.gateway.config.server.sqlitePath, recordInWorker: false });
});
afterAll(async () => {
  await reader.close();
  await t.close();
});
beforeEach(() => t.upstream.reset());

/** What another connection sees right now: the record's cost and the ledger charge of the generation. */
async function storedNow(id: string): Promise<{ record: number | undefined; charge: number | undefined }> {
  const record = await reader.generations.get(id);
  const { rows } = await sql<{ amount_micro: number }>`select amount_micro from ledger_entries where generation_id = ${id}`.execute(reader.db);
  return { record: record?.costMicro, charge: rows[0] === undefined ? undefined : -Number(rows[0].amount_micro) };
}

describe('storage.durable_records', () => {
  it('stores the record and its charge before a JSON answer is sent', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const completion = await client.chat.completions.create({ model: PAID_MODEL, messages: HELLO });
    expect(await storedNow(completion.id)).toEqual({ record: RECORDED_COST_MICRO, charge: RECORDED_COST_MICRO });
  });

  it('stores them before a stream ends, and groups concurrent answers', async () => {
    for (let i = 0; i < 4; i++) t.upstream.next({ body: FIXTURES.openaiTextStream(), headers: { 'content-type': 'text/event-stream' } });
    const ids = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const stream = await client.chat.completions.create({ model: PAID_MODEL, messages: HELLO, stream: true, stream_options: { include_usage: true } });
        let id = '';
        for await (const chunk of stream) id = chunk.id;
        return id;
      }),
    );
    for (const id of ids) expect((await storedNow(id)).record).toBeGreaterThan(0);
    for (const id of ids) expect((await storedNow(id)).charge).toBe((await storedNow(id)).record);
  });
});
