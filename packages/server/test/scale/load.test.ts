import { describeWithService, readJsonFixture } from '@switchyard/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { auditIds, eventually, expectBalanced, keySpend, ledgerTotals } from './scale-audit.js';
import { ScaleCluster, scaleServicesUnreachable, type GatewayProcess } from './scale-cluster.js';
import { completed, createKey, credits, refused, shoot, topUp, type Outcome } from './scale-client.js';

/**
 * Two gateway processes sharing PostgreSQL and Redis, 300 concurrent requests from six keys against
 * a slow upstream: key spend limits and the per-key request rate hold across both processes, every
 * refusal happens before any upstream call, and the ledger balances against the generation records.
 */
const RPM = 20;
const MAX_TOKENS = 400;
/** At least what one request reserves: 400 completion tokens at $2/M (plus the prompt estimate). */
const RESERVATION_MICRO = 800;
const LIMIT_USD = 0.003;
const PER_KEY = 50;
const UPSTREAM_DELAY_MS = 300;

const unreachable = await scaleServicesUnreachable();

describeWithService('PostgreSQL and Redis (scale-out load)', unreachable, () => {
  let cluster: ScaleCluster;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    cluster = await ScaleCluster.create({
      credits: { hold_ttl_ms: 60_000, sweep_interval_ms: 1000 },
      requestsPerMinute: RPM,
      answer: (stream) =>
        stream
          ? { body: FIXTURES.openaiTextStream(), chunkSize: 4096, chunkDelayMs: 30, delayMs: UPSTREAM_DELAY_MS }
          : { json: readJsonFixture('openai/vercel-ai/openai-chat/openai-text.json'), delayMs: UPSTREAM_DELAY_MS },
    });
    a = await cluster.start('a');
    b = await cluster.start('b');
  }, 60_000);
  afterAll(async () => cluster?.close(), 30_000);

  it('holds key limits and rate limits across both processes and balances the ledger', async () => {
    await topUp(a.baseURL, '1', 'scale-load-seed');
    const unlimited = await Promise.all([0, 1, 2, 3].map((i) => createKey(a.baseURL, `free-running ${String(i)}`, null)));
    const limited = await Promise.all([0, 1].map((i) => createKey(b.baseURL, `limited ${String(i)}`, LIMIT_USD)));
    const keys = [...unlimited, ...limited];

    const started = Date.now();
    const outcomes: Outcome[] = await Promise.all(
      keys.flatMap((key) =>
        Array.from({ length: PER_KEY }, (_, i) => {
          const via = i % 2 === 0 ? a : b;
          return shoot({ baseURL: via.baseURL, via: via.name, key: key.secret, stream: i % 4 < 2, maxTokens: MAX_TOKENS });
        }),
      ),
    );
    const ended = Date.now();
    const minuteWindows = Math.floor(ended / 60_000) - Math.floor(started / 60_000) + 1;

    const ok = completed(outcomes);
    const no = refused(outcomes);
    expect(ok.length + no.length, JSON.stringify(outcomes.filter((o) => o.kind === 'broken').slice(0, 3))).toBe(outcomes.length);
    expect(new Set(no.map((outcome) => outcome.status))).toEqual(new Set([402, 429]));
    // Refusals happen before any upstream call: the upstream saw exactly the answered requests.
    expect(cluster.upstream.requests).toHaveLength(ok.length);
    expect(new Set(ok.map((outcome) => outcome.via))).toEqual(new Set(['a', 'b']));

    for (const key of keys) {
      const mine = outcomes.filter((outcome) => outcome.key === key.secret);
      const admitted = mine.filter((outcome) => outcome.kind === 'complete' || (outcome.kind === 'refused' && outcome.status === 402));
      // The per-key rate is one counter in Redis for both processes.
      expect(admitted.length).toBeLessThanOrEqual(RPM * minuteWindows);
      expect(admitted.length).toBeGreaterThanOrEqual(RPM);
    }
    for (const key of limited) {
      const { spentMicro, limitMicro, largestHoldMicro } = await keySpend(cluster.db, key.hash);
      expect(limitMicro).toBe(LIMIT_USD * 1e6);
      expect(largestHoldMicro).toBeGreaterThanOrEqual(RESERVATION_MICRO);
      // The bound is one in-flight reservation per process; reservations cover the actual
      // cost, so the atomic reserve keeps spend within the limit itself.
      expect(spentMicro).toBeLessThanOrEqual(LIMIT_USD * 1e6 + 2 * largestHoldMicro);
      expect(spentMicro).toBeLessThanOrEqual(LIMIT_USD * 1e6);
      expect(spentMicro).toBeGreaterThan(0);
      const mine = no.filter((outcome) => outcome.key === key.secret && outcome.status === 402);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine[0]?.message).toContain("This key's total limit of $0.003");
    }

    await eventually(async () => {
      const audit = await auditIds(cluster.db, ok.map((outcome) => outcome.id));
      for (const outcome of ok) {
        const row = audit.get(outcome.id);
        expect(row, outcome.id).toMatchObject({ records: 1, charges: 1 });
        expect(row?.chargedMicro).toBe(row?.costMicro);
        expect(row?.costMicro).toBeGreaterThan(0);
      }
    }, 3000);
    const totals = await ledgerTotals(cluster.db);
    expectBalanced(totals);
    expect(totals).toMatchObject({ topupsMicro: 1_000_000, openHolds: 0 });
    for (const via of [a, b]) {
      expect(await credits(via.baseURL)).toEqual({ totalCredits: 1_000_000, totalUsage: totals.recordCostMicro });
    }
  });
});
