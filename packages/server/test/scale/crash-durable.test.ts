import { describeWithService, probeTcp, readJsonFixture, TEST_REDIS_URL } from '@switchyard/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { auditIds, expectBalanced, ledgerTotals } from './scale-audit.js';
import { ScaleCluster, TEST_POSTGRES_URL, type GatewayProcess } from './scale-cluster.js';
import { broken, completed, createKey, shoot, sleep, type Outcome } from './scale-client.js';

/**
 * The default billing path (credits not enforced, keys without limits: no holds, charges deferred
 * to the record batch) with `storage.durable_records: true`: `kill -9` one of two processes under
 * load, and every client that received a complete answer still has exactly one record and one
 * charge. (Without the setting the last write-behind batch dies with the process.)
 */
const REQUESTS = 300;
const EVERY_MS = 8;
const KILL_WITHIN_MS = 8000;
const KILL_AFTER_ANSWERS = 10;

const unreachable = (await probeTcp(TEST_REDIS_URL)) ?? (await probeTcp(TEST_POSTGRES_URL.replace(/^postgres(ql)?:/, 'tcp:')));
const slowly = (index: number) => 100 + ((index * 37) % 400);

describeWithService('PostgreSQL and Redis (durable records, crash)', unreachable, () => {
  let cluster: ScaleCluster;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    let answered = 0;
    cluster = await ScaleCluster.create({
      credits: { enforce: false, hold_ttl_ms: 10_000, sweep_interval_ms: 200 },
      durableRecords: true,
      answer: (stream) => {
        const delayMs = slowly(answered++);
        return stream
          ? { body: FIXTURES.openaiTextStream(), chunkSize: 4096, chunkDelayMs: 5, delayMs }
          : { json: readJsonFixture('openai/vercel-ai/openai-chat/openai-text.json'), delayMs };
      },
    });
    a = await cluster.start('a');
    b = await cluster.start('b');
  }, 60_000);
  afterAll(async () => cluster?.close(), 30_000);

  it('keeps one record and one charge per complete answer of the killed process', async () => {
    const keys = await Promise.all([0, 1, 2].map((i) => createKey(a.baseURL, `durable ${String(i)}`, null)));
    const shots: Promise<Outcome>[] = [];
    let answeredByB = 0;
    let firingUntil = Date.now() + KILL_WITHIN_MS;
    const firing = (async () => {
      for (let i = 0; i < REQUESTS && Date.now() < firingUntil; i++) {
        const via = i % 2 === 0 ? a : b;
        const key = keys[i % keys.length];
        if (key === undefined) throw new Error('no key');
        const shot = shoot({ baseURL: via.baseURL, via: via.name, key: key.secret, stream: i % 3 !== 0, maxTokens: 400 });
        shots.push(shot.then((outcome) => ((answeredByB += outcome.via === 'b' && outcome.kind === 'complete' ? 1 : 0), outcome)));
        await sleep(EVERY_MS);
      }
    })();
    while (answeredByB < KILL_AFTER_ANSWERS && Date.now() < firingUntil) await sleep(5);
    expect(answeredByB).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);
    await cluster.crash('b');
    firingUntil = Date.now() + 300;
    await firing;
    const outcomes = await Promise.all(shots);

    expect(broken(outcomes).every((outcome) => outcome.via === 'b')).toBe(true);
    const ok = completed(outcomes);
    expect(ok.filter((outcome) => outcome.via === 'b').length).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);
    const audit = await auditIds(cluster.db, ok.map((outcome) => outcome.id));
    for (const outcome of ok) {
      const row = audit.get(outcome.id);
      expect(row, `${outcome.via} ${outcome.id}`).toMatchObject({ records: 1, charges: 1 });
      expect(row?.chargedMicro).toBe(row?.costMicro);
    }
    // The survivor's write-behind queue is empty by now in durable mode: every answer it gave is stored.
    const totals = await ledgerTotals(cluster.db);
    expectBalanced(totals);
    expect(totals.openHolds).toBe(0);
  }, 45_000);
});
