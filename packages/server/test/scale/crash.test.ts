import { describeWithService } from '@switchyard/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditIds, eventually, expectBalanced, holdGenerations, keySpend, ledgerTotals } from './scale-audit.js';
import { ScaleCluster, scaleServicesUnreachable, slowRecordedAnswers, type GatewayProcess } from './scale-cluster.js';
import { broken, completed, createKey, killUnderLoad, shoot, topUp } from './scale-client.js';

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

const unreachable = await scaleServicesUnreachable();

describeWithService('PostgreSQL and Redis (scale-out crash)', unreachable, () => {
  let cluster: ScaleCluster;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    cluster = await ScaleCluster.create({
      credits: { hold_ttl_ms: HOLD_TTL_MS, sweep_interval_ms: 200 },
      // Upstream answers take 150–750 ms: completions keep happening while the kill lands.
      answer: slowRecordedAnswers(150, 600),
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

    const { outcomes, answeredByVictim } = await killUnderLoad({
      survivor: a,
      victim: b,
      keys: all.map((key) => key.secret),
      requests: REQUESTS,
      everyMs: EVERY_MS,
      killWithinMs: KILL_WITHIN_MS,
      killAfterAnswers: KILL_AFTER_ANSWERS,
      kill: () => cluster.crash('b'),
    });
    // Killed in the middle: once it had answered some clients (and, when credits are enforced, while it held others' reservations).
    expect(answeredByVictim).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);

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
