import type { Endpoint } from '../../catalog/catalog.js';
import type { HealthView, Percentiles } from '../../ports/endpoint-stats.js';
import type { Cutoffs, RoutingPreferences } from './preferences.js';

const PERCENTILES = ['p50', 'p75', 'p90', 'p99'] as const;

function meets(stats: Percentiles | null, cutoffs: Cutoffs | undefined, ok: (value: number, cutoff: number) => boolean): boolean {
  // No stats yet (a new or idle endpoint) is not evidence of slowness: it keeps its place.
  if (cutoffs === undefined || stats === null) return true;
  return PERCENTILES.every((p) => {
    const cutoff = cutoffs[p];
    return cutoff === undefined || ok(stats[p], cutoff);
  });
}

/**
 * `preferred_min_throughput` (tokens/s) and `preferred_max_latency` (seconds; stats are in ms) are
 * soft: endpoints that miss a given percentile move to the end of the whole plan, after the other
 * models' endpoints too, so a fast fallback model can serve before a slow primary (as the spec says).
 */
export function applyPreferredThresholds(plan: readonly Endpoint[], preferences: RoutingPreferences, health: HealthView): Endpoint[] {
  const { preferredMinThroughput: minThroughput, preferredMaxLatency: maxLatency } = preferences;
  if (minThroughput === undefined && maxLatency === undefined) return [...plan];
  const good: Endpoint[] = [];
  const slow: Endpoint[] = [];
  for (const endpoint of plan) {
    const stats = health.get(endpoint.id);
    const fine =
      meets(stats.throughputLast30m, minThroughput, (value, cutoff) => value >= cutoff) &&
      meets(stats.latencyLast30m, maxLatency, (value, cutoff) => value <= cutoff * 1000);
    (fine ? good : slow).push(endpoint);
  }
  return [...good, ...slow];
}
