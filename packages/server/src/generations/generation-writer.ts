import { appendFileSync } from 'node:fs';
import type { GenerationRecord, GenerationRepository } from '@switchyard/core';
import type { Logger } from '../logger.js';

/** Consecutive failures of one batch after which its rows are stored one by one. */
const POISON_AFTER_FAILURES = 3;

export interface WriterOptions {
  readonly intervalMs: number;
  readonly batchSize: number;
  /** Where rows go if the store still refuses them at shutdown (JSON lines), so none is lost. */
  readonly recoveryFile: string;
  /**
   * `record()` resolves only once its row is stored (group commit: rows that arrive while a batch
   * is being written go together in the next one). Default false: write-behind.
   */
  readonly durable?: boolean;
}

/**
 * Write-behind queue for generation records: one transaction per batch (every `intervalMs` or
 * `batchSize` rows). Rows stay readable (get, pendingFor) until stored; failed batches are retried.
 */
export class GenerationWriter {
  private queue: GenerationRecord[] = [];
  private readonly pending = new Map<string, GenerationRecord>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly repository: GenerationRepository,
    private readonly logger: Logger,
    private readonly options: WriterOptions,
  ) {}

  enqueue(record: GenerationRecord): void {
    this.queue.push(record);
    this.pending.set(record.id, record);
    if (this.queue.length >= this.options.batchSize) void this.flush();
    else this.schedule(this.options.intervalMs);
  }

  /**
   * Queues the record of an answer. Write-behind: resolves at once. `durable`: resolves when the
   * batch holding it is stored, or when that batch failed (it stays queued and is retried; a
   * failing store must not hold answers back), so a crash after the answer cannot lose its record.
   */
  record(record: GenerationRecord): Promise<void> {
    if (this.options.durable !== true) {
      this.enqueue(record);
      return Promise.resolve();
    }
    const stored = new Promise<void>((resolve) => this.waiting.set(record.id, resolve));
    this.queue.push(record);
    this.pending.set(record.id, record);
    void this.flush();
    return stored;
  }

  /** A record not yet stored, so GET /generation answers at once. */
  get(id: string): GenerationRecord | undefined {
    return this.pending.get(id);
  }

  /** Records of one key not yet stored (for usage figures). */
  pendingFor(keyId: string): GenerationRecord[] {
    return [...this.pending.values()].filter((record) => record.keyId === keyId);
  }

  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue.slice(0, this.options.batchSize);
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /**
   * Stores what is queued now (read-your-writes for spend figures: deferred charges travel with their
   * records). Returns when the queue is empty, or after one failed attempt (the timer retries).
   */
  async drain(): Promise<void> {
    for (let rounds = 0; this.queue.length > 0 && rounds < 100; rounds++) {
      const before = this.queue.length;
      await this.flush();
      if (this.queue.length >= before) return;
    }
  }

  /** Stores everything; rows the store refuses are appended to the recovery file. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (let rounds = 0; this.queue.length > 0 && rounds < 1000; rounds++) {
      const before = this.queue.length;
      await this.flush();
      if (this.queue.length >= before) break;
    }
    if (this.queue.length === 0) return;
    this.saveToRecovery(this.queue);
    this.logger.error('generation records could not be stored; written to the recovery file', {
      rows: this.queue.length,
      file: this.options.recoveryFile,
    });
    this.release(this.queue);
    this.queue = [];
    this.pending.clear();
  }

  private async write(batch: GenerationRecord[]): Promise<void> {
    try {
      await this.repository.insertMany(batch);
      this.done(batch);
      this.failures = 0;
      if (this.queue.length > 0) this.schedule(0);
    } catch (error) {
      this.release(batch);
      this.failures += 1;
      if (this.failures >= POISON_AFTER_FAILURES && batch.length > 1) {
        await this.isolate(batch);
        return;
      }
      const delay = Math.min(this.options.intervalMs * 2 ** this.failures, 30_000);
      this.logger.error('storing generation records failed; will retry', { rows: batch.length, retryInMs: delay, error });
      this.schedule(delay);
    }
  }

  /**
   * A batch that keeps failing may hold one row the store rejects: store the rows one by one and
   * move only the rejected ones to the recovery file, so one bad row cannot block the queue.
   */
  private async isolate(batch: GenerationRecord[]): Promise<void> {
    const rejected: GenerationRecord[] = [];
    for (const record of batch) {
      try {
        await this.repository.insertMany([record]);
      } catch (error) {
        this.logger.error('the store rejected a generation record; moved to the recovery file', { id: record.id, error });
        rejected.push(record);
      }
    }
    if (rejected.length === batch.length) {
      // Every row fails alone too: the store itself is down. Keep them queued and retry later.
      this.schedule(Math.min(this.options.intervalMs * 2 ** this.failures, 30_000));
      return;
    }
    this.saveToRecovery(rejected);
    this.done(batch);
    this.failures = 0;
    if (this.queue.length > 0) this.schedule(0);
  }

  private done(batch: readonly GenerationRecord[]): void {
    this.queue.splice(0, batch.length);
    for (const record of batch) this.pending.delete(record.id);
    this.release(batch);
  }

  /** Lets the answers waiting on these rows go (stored, or their batch failed and will be retried). */
  private release(batch: readonly GenerationRecord[]): void {
    if (this.waiting.size === 0) return;
    for (const record of batch) {
      this.waiting.get(record.id)?.();
      this.waiting.delete(record.id);
    }
  }

  private saveToRecovery(records: readonly GenerationRecord[]): void {
    if (records.length === 0) return;
    appendFileSync(this.options.recoveryFile, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }
}
