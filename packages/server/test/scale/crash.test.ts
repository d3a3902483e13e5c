import { describeWithService, probeTcp, readJsonFixture, TEST_REDIS_URL } from '@switchyard/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { auditIds, eventually, expectBalanced, holdGenerations, keySpend, ledgerTotals } from './scale-audit.js';
import { ScaleCluster, TEST_POSTGRES_URL, type GatewayProcess } from './scale-cluster.js';
import { broken, completed, createKey, shoot, sleep, topUp, type Outcome } from './scale-client.js';

/**
 * `kill -9` one of two gateway processes in the middle of a load, then restart it on the same port:
 * every client that received a complete answer has exactly one generation record and one charge,
 * the holds the killed process left are released by expiry, nothing is charged twice, and the
 * ledger still balances against the generation records.
 */
const HOLD_TTL_MS = 10_000;
/** At most this many requests, one every EVERY_MS until shortly after the kill. */
const REQUESTS = 400;
const EVERY_MS = 8;
const KILL_WITHIN_MS = 8000;
const KILL_AFTER_ANSWERS = 10;
const LIMIT_USD = 0.003;

const unreachable = (await probeTcp(TEST_REDIS_URL)) ?? (await probeTcp(TEST_POSTGRES_URL.replace(/^postgres(ql)?:/, 'tcp:')));

/** Upstream answers take 150–750 ms, so completions and settlements keep happening while the kill lands. */
const slowly = (index: number) => 150 + ((index * 37) % 600);

describeWithService('PostgreSQL and Redis (scale-out crash)', unreachable, () => {
  let cluster: ScaleCluster;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    let answered = 0;
    cluster = await ScaleCluster.create({
      credits: { hold_ttl_ms: HOLD_TTL_MS, sweep_interval_ms: 200 },
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

  it('keeps one record and one charge per complete answer and releases the killed process’s holds', async () => {
    await topUp(a.baseURL, '1', 'scale-crash-seed');
    const keys = await Promise.all([0, 1, 2, 3].map((i) => createKey(a.baseURL, `crash ${String(i)}`, null)));
    const limited = await createKey(b.baseURL, 'crash limited', LIMIT_USD);
    const all = [...keys, limited];

    const shots: Promise<Outcome>[] = [];
    let answeredByB = 0;
    let firingUntil = Date.now() + KILL_WITHIN_MS;
    const firing = (async () => {
      for (let i = 0; i < REQUESTS && Date.now() < firingUntil; i++) {
        const via = i % 2 === 0 ? a : b;
        const key = all[i % all.length];
        if (key === undefined) throw new Error('no key');
        const shot = shoot({ baseURL: via.baseURL, via: via.name, key: key.secret, stream: i % 3 !== 0, maxTokens: 400 });
        shots.push(shot.then((outcome) => ((answeredByB += outcome.via === 'b' && outcome.kind === 'complete' ? 1 : 0), outcome)));
        await sleep(EVERY_MS);
      }
    })();
    // Kill b in the middle: once it has answered some clients, while it holds others' reservations.
    while (answeredByB < KILL_AFTER_ANSWERS && Date.now() < firingUntil) await sleep(5);
    expect(answeredByB).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);
    await cluster.crash('b');
    firingUntil = Date.now() + 300;
    await firing;
    const outcomes = await Promise.all(shots);

    const lost = broken(outcomes);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((outcome) => outcome.via === 'b'), JSON.stringify(lost.filter((o) => o.via !== 'b').slice(0, 3))).toBe(true);
    // Every client of the survivor has its answer, so the holds still open are the killed process's.
    const leftBehind = await holdGenerations(cluster.db, 'held');
    expect(leftBehind.length).toBeGreaterThan(0);

    const restarted = await cluster.start('b', b.port);
    expect(restarted.port).toBe(b.port);
    const late = await Promise.all(
      [0, 1, 2, 3].map((i) => shoot({ baseURL: restarted.baseURL, via: 'b2', key: keys[i]?.secret ?? '', stream: i % 2 === 0, maxTokens: 400 })),
    );
    expect(late.map((outcome) => outcome.kind)).toEqual(['complete', 'complete', 'complete', 'complete']);

    const ok = completed([...outcomes, ...late]);
    expect(ok.filter((outcome) => outcome.via === 'b').length).toBeGreaterThan(0);
    const audit = await auditIds(cluster.db, ok.map((outcome) => outcome.id));
    for (const outcome of ok) {
      const row = audit.get(outcome.id);
      expect(row, `${outcome.via} ${outcome.id}`).toMatchObject({ records: 1, charges: 1 });
      expect(row?.chargedMicro).toBe(row?.costMicro);
    }

    // Expired holds are released by the sweepers (of the survivor and the restarted process).
    await eventually(async () => {
      const totals = await ledgerTotals(cluster.db);
      expect(totals.openHolds).toBe(0);
    }, HOLD_TTL_MS + 5000, 250);
    const released = new Set(await holdGenerations(cluster.db, 'released'));
    expect(leftBehind.filter((id) => !released.has(id))).toEqual([]);
    for (const row of (await auditIds(cluster.db, leftBehind)).values()) expect(row).toMatchObject({ records: 0, charges: 0 });
    const totals = await ledgerTotals(cluster.db);
    expectBalanced(totals);
    expect(totals.balance.reserved).toBe(0);
    const { spentMicro } = await keySpend(cluster.db, limited.hash);
    expect(spentMicro).toBeLessThanOrEqual(LIMIT_USD * 1e6);
  }, 45_000);
});
