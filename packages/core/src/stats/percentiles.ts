import type { Percentiles } from '../ports/endpoint-stats.js';

/** Nearest-rank percentiles of `values` (any order); null when there are none. */
export function percentilesOf(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { p50: rank(50), p75: rank(75), p90: rank(90), p99: rank(99) };
}

/**
 * A bounded sample bag: keeps at most `capacity` values, overwriting the oldest once full, so a busy
 * minute keeps its latest `capacity` observations.
 */
export class SampleBag {
  readonly values: number[] = [];
  private written = 0;

  constructor(private readonly capacity: number) {}

  add(value: number): void {
    if (this.values.length < this.capacity) this.values.push(value);
    else this.values[this.written % this.capacity] = value;
    this.written++;
  }
}
