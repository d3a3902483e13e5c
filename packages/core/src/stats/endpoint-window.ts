import type { EndpointHealth, EndpointSample, Percentiles } from '../ports/endpoint-stats.js';
import { BucketRing } from './bucket-ring.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { HealthConfig } from './health-config.js';
import { percentilesOf, SampleBag } from './percentiles.js';

interface Counts {
  success: number;
  failure: number;
  rateLimited: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Buckets per window: 5 m in 10 s, 30 m in 1 min, 1 d in 1 h; the recent window in 30 slices. */
const BUCKETS = 30;

const counts = (): Counts => ({ success: 0, failure: 0, rateLimited: 0 });

/** Percent of successes among attempts that were not rate limited; null with none. */
function uptime(buckets: readonly Counts[]): number | null {
  let success = 0;
  let failure = 0;
  for (const bucket of buckets) {
    success += bucket.success;
    failure += bucket.failure;
  }
  const total = success + failure;
  return total === 0 ? null : (success / total) * 100;
}

/** Cached percentiles of one metric, recomputed when a sample arrives or the window slides. */
class PercentileWindow {
  private readonly ring: BucketRing<SampleBag>;
  private version = 0;
  private cached: { version: number; epoch: number; value: Percentiles | null } | undefined;

  constructor(samplesPerBucket: number) {
    this.ring = new BucketRing(MINUTE, BUCKETS, () => new SampleBag(samplesPerBucket));
  }

  add(atMs: number, value: number): void {
    const bag = this.ring.at(atMs);
    if (bag === undefined || !Number.isFinite(value) || value < 0) return;
    bag.add(value);
    this.version++;
  }

  read(nowMs: number): Percentiles | null {
    const epoch = this.ring.epochAt(nowMs);
    const cached = this.cached;
    if (cached !== undefined && cached.version === this.version && cached.epoch === epoch) return cached.value;
    const value = percentilesOf(this.ring.window(nowMs).flatMap((bag) => bag.values));
    this.cached = { version: this.version, epoch, value };
    return value;
  }
}

/** Everything kept about one endpoint: fixed-size rings and a breaker, so memory is bounded. */
export class EndpointWindow {
  readonly breaker: CircuitBreaker;
  private readonly uptime5m = new BucketRing(10 * SECOND, BUCKETS, counts);
  private readonly uptime30m = new BucketRing(MINUTE, BUCKETS, counts);
  private readonly uptime1d = new BucketRing(HOUR, 24, counts);
  private readonly recent: BucketRing<Counts>;
  private readonly latency: PercentileWindow;
  private readonly throughput: PercentileWindow;

  constructor(private readonly config: HealthConfig) {
    this.breaker = new CircuitBreaker(config);
    this.recent = new BucketRing(Math.max(1, Math.ceil(config.recentWindowMs / BUCKETS)), BUCKETS, counts);
    this.latency = new PercentileWindow(config.samplesPerBucket);
    this.throughput = new PercentileWindow(config.samplesPerBucket);
  }

  record(sample: EndpointSample): void {
    const atMs = sample.at.getTime();
    switch (sample.kind) {
      case 'success':
        this.count(atMs, (bucket) => bucket.success++);
        this.latency.add(atMs, sample.firstTokenMs);
        this.breaker.success(atMs);
        return;
      case 'failure':
        this.count(atMs, (bucket) => (sample.rateLimited ? bucket.rateLimited++ : bucket.failure++));
        this.breaker.failure(atMs);
        return;
      case 'throughput':
        this.throughput.add(atMs, sample.tokensPerSecond);
        return;
      case 'abandoned':
        this.breaker.release();
        return;
    }
  }

  /**
   * The percentiles are computed on first read only (getters): the default strategy reads
   * `recentlyFailing` for every request, and sorting up to 30 × `samplesPerBucket` samples after
   * each new sample would cost more than the rest of the routing decision.
   */
  health(nowMs: number): EndpointHealth {
    const latency = this.latency;
    const throughput = this.throughput;
    return {
      breaker: this.breaker.state(nowMs),
      recentlyFailing: this.recentlyFailing(nowMs),
      uptimeLast5m: uptime(this.uptime5m.window(nowMs)),
      uptimeLast30m: uptime(this.uptime30m.window(nowMs)),
      uptimeLast1d: uptime(this.uptime1d.window(nowMs)),
      get latencyLast30m() {
        return latency.read(nowMs);
      },
      get throughputLast30m() {
        return throughput.read(nowMs);
      },
    };
  }

  private count(atMs: number, bump: (bucket: Counts) => void): void {
    for (const ring of [this.uptime5m, this.uptime30m, this.uptime1d, this.recent]) {
      const bucket = ring.at(atMs);
      if (bucket !== undefined) bump(bucket);
    }
  }

  /** "Significant" failures: at least `recentMinFailures`, and at least `recentFailureRatio` of the attempts. */
  private recentlyFailing(nowMs: number): boolean {
    let failures = 0;
    let attempts = 0;
    for (const bucket of this.recent.window(nowMs)) {
      failures += bucket.failure + bucket.rateLimited;
      attempts += bucket.success + bucket.failure + bucket.rateLimited;
    }
    return failures >= this.config.recentMinFailures && failures >= this.config.recentFailureRatio * attempts;
  }
}
