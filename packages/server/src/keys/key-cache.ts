import type { ApiKeyRecord, KeyRepository } from '@switchyard/core';

interface Entry {
  readonly record: ApiKeyRecord;
  readonly expiresAt: number;
}

/** Key lookups by hash, cached for `ttlMs` (bounded, oldest evicted first). Misses are not cached. */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly keys: KeyRepository,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async find(hash: string): Promise<ApiKeyRecord | undefined> {
    const cached = this.entries.get(hash);
    const now = this.now();
    if (cached !== undefined && cached.expiresAt > now) return cached.record;
    const record = await this.keys.findByHash(hash);
    if (record === undefined) {
      this.entries.delete(hash);
      return undefined;
    }
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { record, expiresAt: now + this.ttlMs });
    return record;
  }

  invalidate(hash: string): void {
    this.entries.delete(hash);
  }
}
