import type { ApiKeyRecord, KeyRepository } from '@switchyard/core';
import { inProcessOnly, type KeyChangeFeed } from './key-change-feed.js';

interface Entry {
  readonly record: ApiKeyRecord;
  readonly expiresAt: number;
}

export interface KeyCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
  /** How changes made by other processes reach this cache. Default: none (this process only). */
  readonly changes?: KeyChangeFeed;
}

/**
 * Key lookups by hash, cached for `ttlMs` (bounded, oldest evicted first). Misses are not cached.
 * Before serving from memory it drops the keys `changes` reports as changed elsewhere; a change
 * made in this process is dropped at once by `invalidate`.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly changes: KeyChangeFeed;
  /** Counts invalidations, so a lookup that raced with one does not cache what it read before it. */
  private invalidations = 0;

  constructor(
    private readonly keys: Pick<KeyRepository, 'findByHash'>,
    options: KeyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    this.changes = options.changes ?? inProcessOnly;
  }

  async find(hash: string): Promise<ApiKeyRecord | undefined> {
    const changed = await this.changes.changedHashes();
    if (changed.length > 0) this.invalidations += 1;
    for (const changedHash of changed) this.entries.delete(changedHash);
    const cached = this.entries.get(hash);
    const now = this.now();
    if (cached !== undefined && cached.expiresAt > now) return cached.record;
    const invalidationsBefore = this.invalidations;
    const record = await this.keys.findByHash(hash);
    if (record === undefined) {
      this.entries.delete(hash);
      return undefined;
    }
    if (this.invalidations !== invalidationsBefore) return record;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { record, expiresAt: now + this.ttlMs });
    return record;
  }

  /** The key with this hash changed: forget it here and tell the other processes. */
  async invalidate(hash: string): Promise<void> {
    this.invalidations += 1;
    this.entries.delete(hash);
    await this.changes.announce(hash);
  }
}
