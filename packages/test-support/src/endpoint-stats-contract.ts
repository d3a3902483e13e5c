import type { EndpointSample, EndpointStats, HealthConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';

/** A fresh, empty adapter under test; `settle` waits until recorded samples are visible to `view`. */
export interface StatsHandle {
  readonly stats: EndpointStats;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export type StatsFactory = (config: HealthConfig) => Promise<StatsHandle>;

/** The configuration every contract test runs with (small numbers so the cases stay readable). */
export const CONTRACT_HEALTH: HealthConfig = {
  breakerFailureThreshold: 3,
  breakerCooldownMs: 10_000,
  breakerProbeTimeoutMs: 5_000,
  recentWindowMs: 30_000,
  recentMinFailures: 3,
  recentFailureRatio: 0.25,
  samplesPerBucket: 200,
  maxEndpoints: 100,
};

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms);
const MIN = 60_000;

const ok = (endpointId: string, ms: number, firstTokenMs = 100): EndpointSample => ({ kind: 'success', endpointId, at: at(ms), firstTokenMs });
const fail = (endpointId: string, ms: number, rateLimited = false): EndpointSample => ({
  kind: 'failure',
  endpointId,
  at: at(ms),
  rateLimited,
  errorCode: rateLimited ? 'upstream_rate_limited' : 'upstream_unavailable',
});

async function withStats(factory: StatsFactory, run: (handle: StatsHandle, record: (...samples: EndpointSample[]) => Promise<void>) => Promise<void>) {
  const handle = await factory(CONTRACT_HEALTH);
  const record = async (...samples: EndpointSample[]) => {
    for (const sample of samples) handle.stats.record(sample);
    await handle.settle();
  };
  try {
    await run(handle, record);
  } finally {
    await handle.close();
  }
}

/** What every EndpointStats adapter (in-memory, Redis) must do, with CONTRACT_HEALTH. */
export function runEndpointStatsContract(label: string, factory: StatsFactory): void {
  describe(`EndpointStats contract: ${label}`, () => {
    describeWindows(factory);
    describeRecentFailures(factory);
    describeBreaker(factory);
  });
}

function describeWindows(factory: StatsFactory): void {
  describe('sliding windows', () => {
    it('knows nothing about an endpoint nobody tried, and admits it', () =>
      withStats(factory, async ({ stats }) => {
        expect(stats.view(at(0)).get('never')).toEqual({
          breaker: 'closed', recentlyFailing: false, uptimeLast5m: null, uptimeLast30m: null, uptimeLast1d: null,
          latencyLast30m: null, throughputLast30m: null,
        });
        expect(stats.admit('never', at(0))).toBe(true);
      }));

    it('computes uptime as successes over attempts, leaving rate-limited attempts out', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(ok('a', 0), ok('a', 1), ok('a', 2), fail('a', 3), fail('a', 4, true), fail('a', 5, true));
        const health = stats.view(at(10)).get('a');
        expect([health.uptimeLast5m, health.uptimeLast30m, health.uptimeLast1d]).toEqual([75, 75, 75]);
      }));

    it('slides each window: old attempts leave the 5-minute, then the 30-minute, then the 1-day window', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), ok('a', 20 * MIN));
        const later = stats.view(at(21 * MIN)).get('a');
        expect([later.uptimeLast5m, later.uptimeLast30m, later.uptimeLast1d]).toEqual([100, 50, 50]);
        const hourLater = stats.view(at(70 * MIN)).get('a');
        expect([hourLater.uptimeLast5m, hourLater.uptimeLast30m, hourLater.uptimeLast1d]).toEqual([null, null, 50]);
        expect(stats.view(at(26 * 60 * MIN)).get('a').uptimeLast1d).toBeNull();
      }));

    it('reports time-to-first-token and throughput percentiles over 30 minutes', () =>
      withStats(factory, async ({ stats }, record) => {
        const samples: EndpointSample[] = [];
        for (let i = 1; i <= 100; i++) {
          samples.push(ok('a', i * 100, i * 10));
          samples.push({ kind: 'throughput', endpointId: 'a', at: at(i * 100), tokensPerSecond: i });
        }
        await record(...samples.reverse());
        const health = stats.view(at(20_000)).get('a');
        expect(health.latencyLast30m).toEqual({ p50: 500, p75: 750, p90: 900, p99: 990 });
        expect(health.throughputLast30m).toEqual({ p50: 50, p75: 75, p90: 90, p99: 99 });
        const gone = stats.view(at(40 * MIN)).get('a');
        expect([gone.latencyLast30m, gone.throughputLast30m]).toEqual([null, null]);
      }));

    it('keeps endpoints apart', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), ok('b', 0, 250));
        const view = stats.view(at(1));
        expect([view.get('a').uptimeLast5m, view.get('b').uptimeLast5m]).toEqual([0, 100]);
        expect([view.get('a').latencyLast30m, view.get('b').latencyLast30m?.p50]).toEqual([null, 250]);
      }));
  });
}

function describeRecentFailures(factory: StatsFactory): void {
  describe('recentlyFailing (significant failures in the last 30 seconds)', () => {
    it('needs at least recentMinFailures failures', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1));
        expect(stats.view(at(2)).get('a').recentlyFailing).toBe(false);
        await record(fail('a', 2, true));
        expect(stats.view(at(3)).get('a').recentlyFailing).toBe(true);
      }));

    it('needs them to be at least recentFailureRatio of the attempts', () =>
      withStats(factory, async ({ stats }, record) => {
        const successes = Array.from({ length: 12 }, (_, i) => ok('a', 10 + i));
        await record(fail('a', 0), fail('a', 1), fail('a', 2), ...successes);
        expect(stats.view(at(100)).get('a').recentlyFailing).toBe(false);
        await record(fail('a', 101));
        expect(stats.view(at(102)).get('a').recentlyFailing).toBe(true);
      }));

    it('forgets failures older than the window', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1), fail('a', 2));
        expect(stats.view(at(20_000)).get('a').recentlyFailing).toBe(true);
        expect(stats.view(at(32_000)).get('a').recentlyFailing).toBe(false);
      }));
  });
}

function describeBreaker(factory: StatsFactory): void {
  describe('circuit breaker', () => {
    it('opens on consecutive failures (rate-limited ones too) and refuses attempts during the cool-down', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1, true));
        expect(stats.view(at(2)).get('a').breaker).toBe('closed');
        await record(fail('a', 2));
        expect(stats.view(at(3)).get('a').breaker).toBe('open');
        expect(stats.admit('a', at(3))).toBe(false);
        expect(stats.admit('a', at(9_999))).toBe(false);
        expect(stats.admit('b', at(3))).toBe(true);
      }));

    it('counts only consecutive failures: a success starts the count again', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1), ok('a', 2), fail('a', 3), fail('a', 4));
        expect(stats.view(at(5)).get('a').breaker).toBe('closed');
      }));

    it('half-opens after the cool-down with a single probe, and closes when the probe succeeds', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1), fail('a', 2));
        expect(stats.view(at(10_002)).get('a').breaker).toBe('half-open');
        expect(stats.admit('a', at(10_002))).toBe(true);
        expect(stats.admit('a', at(10_003))).toBe(false);
        await record(ok('a', 10_500));
        expect(stats.view(at(10_501)).get('a').breaker).toBe('closed');
        expect(stats.admit('a', at(10_502))).toBe(true);
        expect(stats.admit('a', at(10_502))).toBe(true);
      }));

    it('re-opens for another cool-down when the probe fails', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1), fail('a', 2));
        expect(stats.admit('a', at(10_002))).toBe(true);
        await record(fail('a', 10_400));
        expect(stats.view(at(10_401)).get('a').breaker).toBe('open');
        expect(stats.admit('a', at(20_000))).toBe(false);
        expect(stats.admit('a', at(20_400))).toBe(true);
      }));

    it('frees the probe slot at once when the probe is abandoned (the client left)', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1), fail('a', 2));
        expect(stats.admit('a', at(10_002))).toBe(true);
        await record({ kind: 'abandoned', endpointId: 'a', at: at(10_100) });
        expect(stats.view(at(10_101)).get('a')).toMatchObject({ breaker: 'half-open', uptimeLast5m: 0 });
        expect(stats.admit('a', at(10_101))).toBe(true);
        expect(stats.admit('a', at(10_102))).toBe(false);
      }));

    it('frees the probe slot when the probe never reports back', () =>
      withStats(factory, async ({ stats }, record) => {
        await record(fail('a', 0), fail('a', 1), fail('a', 2));
        expect(stats.admit('a', at(10_002))).toBe(true);
        expect(stats.admit('a', at(15_001))).toBe(false);
        expect(stats.admit('a', at(15_002))).toBe(true);
      }));
  });
}
