import {
  DEFAULT_HEALTH,
  MemoryEndpointStats,
  type EndpointSample,
  type EndpointStats,
  type HealthConfig,
  type HealthView,
} from '@switchyard/core';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { decodeSample, encodeSample } from './sample-codec.js';

export interface RedisEndpointStatsOptions {
  readonly redis: Redis;
  readonly logger: Logger;
  readonly config?: HealthConfig;
  /** The stream every gateway process appends its samples to and reads everyone's from. */
  readonly streamKey?: string;
  /** How often samples are sent and the others' samples read (the staleness of `view`). */
  readonly syncIntervalMs?: number;
  /** Samples kept in the stream (approximately); a process starting up replays them. */
  readonly maxStreamLength?: number;
  /** Samples waiting to be sent at most; the oldest are dropped beyond it while Redis is slow. */
  readonly maxPending?: number;
}

const READ_BATCH = 1000;

/**
 * Endpoint health shared by every gateway process through one Redis stream of samples. Each process
 * appends what it records (write-behind, batched every `syncIntervalMs`) and replays every process's
 * samples, in the stream's single order, into a local MemoryEndpointStats: `view` and `admit` stay
 * synchronous and never touch Redis, and all processes converge on the same windows and breaker
 * states within one sync interval. A half-open breaker's probe slot is per process. While Redis is
 * unreachable a process applies its own samples locally, so it still learns from its own failures.
 */
export class RedisEndpointStats implements EndpointStats {
  private readonly local: MemoryEndpointStats;
  private readonly streamKey: string;
  private readonly maxStreamLength: number;
  private readonly maxPending: number;
  private pending: EndpointSample[] = [];
  private lastId = '0-0';
  private chain: Promise<void> = Promise.resolve();
  private syncing = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly options: RedisEndpointStatsOptions) {
    this.local = new MemoryEndpointStats(options.config ?? DEFAULT_HEALTH);
    this.streamKey = options.streamKey ?? 'switchyard:endpoint-samples';
    this.maxStreamLength = options.maxStreamLength ?? 100_000;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Replays the stream, then syncs every `syncIntervalMs` in the background. */
  static async start(options: RedisEndpointStatsOptions): Promise<RedisEndpointStats> {
    const stats = new RedisEndpointStats(options);
    await stats.sync();
    stats.timer = setInterval(() => stats.syncInBackground(), options.syncIntervalMs ?? 250);
    stats.timer.unref();
    return stats;
  }

  view(now: Date): HealthView {
    return this.local.view(now);
  }

  admit(endpointId: string, now: Date): boolean {
    return this.local.admit(endpointId, now);
  }

  record(sample: EndpointSample): void {
    if (this.pending.length >= this.maxPending) this.pending.shift();
    this.pending.push(sample);
  }

  /** Sends the samples recorded so far and applies everything written since the last sync. */
  sync(): Promise<void> {
    const next = this.chain.then(() => this.syncOnce());
    // Syncs run one at a time; a failed one is reported to its caller (`next`), and the next sync still runs.
    this.chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Stops the background sync after sending what is pending. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.sync();
  }

  private syncInBackground(): void {
    if (this.syncing) return;
    this.syncing = true;
    this.sync()
      .catch((error: unknown) => this.options.logger.warn('endpoint stats: reading samples from Redis failed', { error }))
      .finally(() => {
        this.syncing = false;
      });
  }

  private async syncOnce(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) await this.send(batch);
    await this.pull();
  }

  private async send(batch: readonly EndpointSample[]): Promise<void> {
    const pipeline = this.options.redis.pipeline();
    for (const sample of batch) {
      pipeline.xadd(this.streamKey, 'MAXLEN', '~', this.maxStreamLength, '*', 's', encodeSample(sample));
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      this.options.logger.warn('endpoint stats: Redis unreachable, samples applied to this process only', { error, samples: batch.length });
      results = null;
    }
    for (const [i, sample] of batch.entries()) {
      const sent = results?.[i]?.[0] === null;
      if (!sent) this.local.record(sample);
    }
  }

  private async pull(): Promise<void> {
    for (;;) {
      const answer = await this.options.redis.xread('COUNT', READ_BATCH, 'STREAMS', this.streamKey, this.lastId);
      const entries = answer?.[0]?.[1] ?? [];
      for (const [id, fields] of entries) {
        this.lastId = id;
        const sample = fields[0] === 's' && fields[1] !== undefined ? decodeSample(fields[1]) : undefined;
        if (sample !== undefined) this.local.record(sample);
      }
      if (entries.length < READ_BATCH) return;
    }
  }
}
