import { CONTRACT_HEALTH, runEndpointStatsContract } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH } from './health-config.js';
import { MemoryEndpointStats } from './memory-endpoint-stats.js';

runEndpointStatsContract('in-memory', (config) =>
  Promise.resolve({ stats: new MemoryEndpointStats(config), settle: () => Promise.resolve(), close: () => Promise.resolve() }),
);

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe('MemoryEndpointStats', () => {
  it('forgets the least recently used endpoint beyond maxEndpoints', () => {
    const stats = new MemoryEndpointStats({ ...CONTRACT_HEALTH, maxEndpoints: 2 });
    for (const id of ['a', 'b', 'a', 'c']) stats.record({ kind: 'success', endpointId: id, at: at(0), firstTokenMs: 5 });
    const view = stats.view(at(1));
    expect(['a', 'b', 'c'].map((id) => view.get(id).uptimeLast5m)).toEqual([100, null, 100]);
  });

  it('keeps at most samplesPerBucket latency samples per minute, the latest ones', () => {
    const stats = new MemoryEndpointStats({ ...CONTRACT_HEALTH, samplesPerBucket: 4 });
    for (let i = 1; i <= 10; i++) stats.record({ kind: 'success', endpointId: 'a', at: at(i), firstTokenMs: i * 100 });
    expect(stats.view(at(20)).get('a').latencyLast30m).toEqual({ p50: 800, p75: 900, p90: 1000, p99: 1000 });
  });

  it('drops samples older than the window they belong to, and impossible measurements', () => {
    const stats = new MemoryEndpointStats(DEFAULT_HEALTH);
    stats.record({ kind: 'success', endpointId: 'a', at: at(3_600_000), firstTokenMs: 10 });
    stats.record({ kind: 'success', endpointId: 'a', at: at(0), firstTokenMs: 20 });
    stats.record({ kind: 'throughput', endpointId: 'a', at: at(3_600_000), tokensPerSecond: Number.NaN });
    const health = stats.view(at(3_600_001)).get('a');
    expect(health.latencyLast30m?.p99).toBe(10);
    expect(health.throughputLast30m).toBeNull();
    expect(health.uptimeLast1d).toBe(100);
  });

  it('gives one consistent snapshot per view', () => {
    const stats = new MemoryEndpointStats(CONTRACT_HEALTH);
    const view = stats.view(at(0));
    const before = view.get('a');
    stats.record({ kind: 'failure', endpointId: 'a', at: at(0), rateLimited: false, errorCode: 'upstream_unavailable' });
    expect(view.get('a')).toBe(before);
    expect(stats.view(at(0)).get('a').uptimeLast5m).toBe(0);
  });
});
