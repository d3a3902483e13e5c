import { describeWithService } from '@switchyard/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditIds, expectBalanced, ledgerTotals } from './scale-audit.js';
import { ScaleCluster, scaleServicesUnreachable, slowRecordedAnswers, type GatewayProcess } from './scale-cluster.js';
import { broken, completed, createKey, killUnderLoad } from './scale-client.js';

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

const unreachable = await scaleServicesUnreachable();

describeWithService('PostgreSQL and Redis (durable records, crash)', unreachable, () => {
  let cluster: ScaleCluster;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    cluster = await ScaleCluster.create({
      credits: { enforce: false, hold_ttl_ms: 10_000, sweep_interval_ms: 200 },
      durableRecords: true,
      // Upstream answers take 100–500 ms: completions keep happening while the kill lands.
      answer: slowRecordedAnswers(100, 400),
    });
    a = await cluster.start('a');
    b = await cluster.start('b');
  }, 60_000);
  afterAll(async () => cluster?.close(), 30_000);

  it('keeps one record and one charge per complete answer of the killed process', async () => {
    const keys = await Promise.all([0, 1, 2].map((i) => createKey(a.baseURL, `durable ${String(i)}`, null)));
    const { outcomes, answeredByVictim } = await killUnderLoad({
      survivor: a,
      victim: b,
      keys: keys.map((key) => key.secret),
      requests: REQUESTS,
      everyMs: EVERY_MS,
      killWithinMs: KILL_WITHIN_MS,
      killAfterAnswers: KILL_AFTER_ANSWERS,
      kill: () => cluster.crash('b'),
    });
    // Killed in the middle: once it had answered some clients (and, when credits are enforced, while it held others' reservations).
    expect(answeredByVictim).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);

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
