import type { Endpoint } from '../../catalog/catalog.js';
import type { EndpointHealth, HealthView } from '../../ports/endpoint-stats.js';
import type { SortKey } from './preferences.js';
import { providerIndex } from './provider-match.js';

/** Price used for ordering and weighting: prompt + completion per token (picodollars). */
export function orderingPrice(endpoint: Endpoint): bigint {
  return endpoint.pricing.prompt + endpoint.pricing.completion;
}

function byPrice(a: Endpoint, b: Endpoint): number {
  const diff = orderingPrice(a) - orderingPrice(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Lower is better; endpoints without data sort after those with data. */
function metric(key: Exclude<SortKey, 'price'>, health: EndpointHealth): readonly (number | null)[] {
  switch (key) {
    case 'latency':
      return [health.latencyLast30m?.p50 ?? null];
    case 'throughput':
      return [negate(health.throughputLast30m?.p50)];
    case 'exacto':
      // No tool-call benchmark here: success rate (uptime), then throughput, stand in for quality.
      return [negate(health.uptimeLast30m), negate(health.throughputLast30m?.p50)];
  }
}

function negate(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : -value;
}

function compareMetrics(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x - y;
  }
  return 0;
}

/** Deterministic sort by one key (ties and missing stats by price, then catalog order). */
export function sortEndpoints(endpoints: readonly Endpoint[], key: SortKey, health: HealthView): Endpoint[] {
  if (key === 'price') return [...endpoints].sort(byPrice);
  const keyed = endpoints.map((endpoint) => ({ endpoint, metric: metric(key, health.get(endpoint.id)) }));
  keyed.sort((a, b) => compareMetrics(a.metric, b.metric) || byPrice(a.endpoint, b.endpoint));
  return keyed.map((entry) => entry.endpoint);
}

/**
 * `order`: endpoints of the listed providers first, in list order (several endpoints of one listed
 * provider by price); then the others, by `sort` or by price. `listed` is false for the others, so
 * `allow_fallbacks: false` can cut them.
 */
export function orderByList(
  endpoints: readonly Endpoint[],
  order: readonly string[],
  sort: SortKey | undefined,
  health: HealthView,
): { readonly listed: Endpoint[]; readonly others: Endpoint[] } {
  const ranked = endpoints.map((endpoint) => ({ endpoint, rank: providerIndex(order, endpoint) }));
  const listed = ranked
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || byPrice(a.endpoint, b.endpoint))
    .map((entry) => entry.endpoint);
  const others = ranked.filter((entry) => entry.rank < 0).map((entry) => entry.endpoint);
  return { listed, others: sortEndpoints(others, sort ?? 'price', health) };
}

/**
 * OpenRouter's default (load balancing): endpoints without significant failures in the last 30 s
 * first; among them one is picked at random weighted by 1/price² (cheap endpoints get most
 * traffic, the others stay warm), the rest follow by price, the recently failing ones last. At a
 * price of 0 the weight is infinite: free endpoints take the first pick (uniformly among them).
 * When every endpoint failed recently, the pick is made among all of them.
 */
export function loadBalance(endpoints: readonly Endpoint[], health: HealthView, random: () => number): Endpoint[] {
  const stable = endpoints.filter((endpoint) => !health.get(endpoint.id).recentlyFailing);
  const failing = endpoints.filter((endpoint) => health.get(endpoint.id).recentlyFailing);
  const pool = stable.length > 0 ? stable : failing;
  const later = stable.length > 0 ? failing : [];
  const first = weightedPick(pool, random);
  if (first === undefined) return [];
  const rest = pool.filter((endpoint) => endpoint !== first).sort(byPrice);
  return [first, ...rest, ...[...later].sort(byPrice)];
}

/** The draw walks the cumulative weights cheapest first, so a low draw picks the cheapest endpoint. */
function weightedPick(candidates: readonly Endpoint[], random: () => number): Endpoint | undefined {
  const pool = [...candidates].sort(byPrice);
  const free = pool.filter((endpoint) => orderingPrice(endpoint) === 0n);
  if (free.length > 0) return free[Math.min(free.length - 1, Math.floor(random() * free.length))];
  const weights = pool.map((endpoint) => 1 / Number(orderingPrice(endpoint)) ** 2);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let target = random() * total;
  for (let i = 0; i < pool.length; i++) {
    target -= weights[i] ?? 0;
    if (target < 0) return pool[i];
  }
  return pool.at(-1);
}
