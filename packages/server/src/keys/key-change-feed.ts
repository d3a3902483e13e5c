import type { KeyRepository } from '@switchyard/core';

/**
 * The channel through which key caches learn that a key changed (updated, disabled, deleted) in
 * another process. The process that wrote the change drops its own cache entry directly.
 */
export interface KeyChangeFeed {
  /** Tells other processes that the key with this hash changed; call after the store write committed. */
  announce(hash: string): Promise<void>;
  /** Hashes of keys changed since the previous call; may repeat a hash (dropping it twice is harmless). */
  changedHashes(): Promise<readonly string[]>;
}

/** One process and nothing else writing keys (tests, a single gateway on a private database). */
export const inProcessOnly: KeyChangeFeed = {
  announce: () => Promise.resolve(),
  changedHashes: () => Promise.resolve([]),
};

export interface StorePolledKeyChangesOptions {
  /** At most one store query per this many ms; a cached key is never served from a poll older than this. */
  readonly intervalMs?: number;
  /** Polls look back this far before the previous poll: clock skew between processes plus commit latency. */
  readonly overlapMs?: number;
  /** Never look further back than this (cache entries older than the cache TTL have expired anyway). */
  readonly maxLookbackMs?: number;
  readonly now?: () => number;
}

/**
 * Cross-process invalidation by polling `api_keys.updated_at` (indexed; every update and delete sets
 * it): works on any store, SQLite shared with the CLI included, and needs no other service. A key
 * cache consulting it before each lookup serves a changed key for at most `intervalMs` plus the
 * writer's commit latency. Concurrent callers share one query.
 */
export class StorePolledKeyChanges implements KeyChangeFeed {
  private readonly intervalMs: number;
  private readonly overlapMs: number;
  private readonly maxLookbackMs: number;
  private readonly now: () => number;
  private lastPollAt: number | undefined;
  private inFlight: Promise<readonly string[]> | undefined;

  constructor(
    private readonly keys: Pick<KeyRepository, 'changedSince'>,
    options: StorePolledKeyChangesOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 500;
    this.overlapMs = options.overlapMs ?? 5_000;
    this.maxLookbackMs = options.maxLookbackMs ?? 35_000;
    this.now = options.now ?? Date.now;
  }

  announce(): Promise<void> {
    // The store write itself (updated_at) is the announcement.
    return Promise.resolve();
  }

  changedHashes(): Promise<readonly string[]> {
    const now = this.now();
    if (this.lastPollAt === undefined) {
      // Nothing can be cached before the first lookup: start watching from here.
      this.lastPollAt = now;
      return Promise.resolve([]);
    }
    if (now - this.lastPollAt < this.intervalMs) return Promise.resolve([]);
    this.inFlight ??= this.poll(this.lastPollAt, now).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async poll(previous: number, now: number): Promise<readonly string[]> {
    const since = Math.max(previous - this.overlapMs, now - this.maxLookbackMs);
    const changes = await this.keys.changedSince(new Date(since));
    // Only a successful poll moves the window: after a failure the next call looks back as far again.
    this.lastPollAt = now;
    return changes.map((change) => change.hash);
  }
}
