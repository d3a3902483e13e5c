import type { ApiKeyRecord, KeyChange, KeyRepository } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, maskSecret } from './api-key-secret.js';
import { KeyCache } from './key-cache.js';
import { StorePolledKeyChanges, type KeyChangeFeed } from './key-change-feed.js';

describe('API key secrets', () => {
  it('are 256-bit, hashed with SHA-256, and masked for display', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^sk-sy-v1-[0-9a-f]{64}$/);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(9));
    expect(maskSecret(secret)).toBe(`${secret.slice(0, 12)}...${secret.slice(-4)}`);
  });
});

describe('KeyCache', () => {
  const record = { id: 'key_1', hash: 'h1' } as ApiKeyRecord;
  function repo() {
    const calls: string[] = [];
    const keys = { findByHash: (hash: string) => (calls.push(hash), Promise.resolve(hash === 'h1' ? record : undefined)) } as unknown as KeyRepository;
    return { keys, calls };
  }

  it('serves repeated lookups from memory until the TTL passes', async () => {
    let now = 0;
    const { keys, calls } = repo();
    const cache = new KeyCache(keys, { ttlMs: 1000, maxEntries: 10, now: () => now });
    expect(await cache.find('h1')).toBe(record);
    expect(await cache.find('h1')).toBe(record);
    expect(calls).toEqual(['h1']);
    now = 1001;
    await cache.find('h1');
    expect(calls).toEqual(['h1', 'h1']);
  });

  it('does not cache misses, and invalidates on demand, announcing the change', async () => {
    const { keys, calls } = repo();
    const announced: string[] = [];
    const changes: KeyChangeFeed = { announce: (hash) => (announced.push(hash), Promise.resolve()), changedHashes: () => Promise.resolve([]) };
    const cache = new KeyCache(keys, { changes });
    expect(await cache.find('nope')).toBeUndefined();
    expect(await cache.find('nope')).toBeUndefined();
    await cache.find('h1');
    await cache.invalidate('h1');
    await cache.find('h1');
    expect(calls).toEqual(['nope', 'nope', 'h1', 'h1']);
    expect(announced).toEqual(['h1']);
  });

  it('drops the keys the change feed reports before serving from memory', async () => {
    const { keys, calls } = repo();
    const reports: string[][] = [[], [], ['h1', 'h9'], []];
    const changes: KeyChangeFeed = { announce: () => Promise.resolve(), changedHashes: () => Promise.resolve(reports.shift() ?? []) };
    const cache = new KeyCache(keys, { changes });
    await cache.find('h1');
    await cache.find('h1');
    await cache.find('h1');
    await cache.find('h1');
    expect(calls).toEqual(['h1', 'h1']);
  });

  it('does not cache a lookup that raced with an invalidation of the key', async () => {
    const calls: string[] = [];
    const pending: ((value: ApiKeyRecord) => void)[] = [];
    const keys = {
      findByHash: (hash: string) => (calls.push(hash), new Promise<ApiKeyRecord>((resolve) => pending.push(resolve))),
    } as unknown as KeyRepository;
    const cache = new KeyCache(keys);
    const first = cache.find('h1');
    await Promise.resolve();
    await cache.invalidate('h1');
    pending.shift()?.(record);
    expect(await first).toBe(record);
    const second = cache.find('h1');
    await Promise.resolve();
    pending.shift()?.(record);
    await second;
    expect(calls).toEqual(['h1', 'h1']);
  });
});

describe('StorePolledKeyChanges', () => {
  function feed(options: { fail?: boolean } = {}) {
    let now = 10_000;
    const queries: number[] = [];
    const answers: KeyChange[][] = [];
    const keys = {
      changedSince: async (since: Date) => {
        queries.push(since.getTime());
        await Promise.resolve();
        if (options.fail === true) throw new Error('database down');
        return answers.shift() ?? [];
      },
    };
    const changes = new StorePolledKeyChanges(keys, { intervalMs: 500, overlapMs: 2000, maxLookbackMs: 30_000, now: () => now });
    return { changes, queries, answers, advance: (ms: number) => (now += ms) };
  }

  it('queries at most once per interval, looking back the overlap before the previous poll', async () => {
    const { changes, queries, answers, advance } = feed();
    expect(await changes.changedHashes()).toEqual([]);
    advance(499);
    expect(await changes.changedHashes()).toEqual([]);
    expect(queries).toEqual([]);
    advance(1);
    answers.push([{ hash: 'h1', updatedAt: new Date(10_100) }]);
    expect(await changes.changedHashes()).toEqual(['h1']);
    expect(queries).toEqual([8_000]);
    advance(700);
    expect(await changes.changedHashes()).toEqual([]);
    expect(queries).toEqual([8_000, 8_500]);
  });

  it('shares one query among concurrent callers', async () => {
    const { changes, queries, answers, advance } = feed();
    await changes.changedHashes();
    advance(600);
    answers.push([{ hash: 'h2', updatedAt: new Date(10_300) }]);
    const results = await Promise.all([changes.changedHashes(), changes.changedHashes(), changes.changedHashes()]);
    expect(results).toEqual([['h2'], ['h2'], ['h2']]);
    expect(queries).toHaveLength(1);
  });

  it('never looks back further than maxLookbackMs after a long quiet spell', async () => {
    const { changes, queries, advance } = feed();
    await changes.changedHashes();
    advance(120_000);
    await changes.changedHashes();
    expect(queries).toEqual([130_000 - 30_000]);
  });

  it('propagates a failed query and looks back as far again on the next call', async () => {
    const { changes, queries, advance } = feed({ fail: true });
    await changes.changedHashes();
    advance(500);
    await expect(changes.changedHashes()).rejects.toThrow('database down');
    advance(100);
    await expect(changes.changedHashes()).rejects.toThrow('database down');
    expect(queries).toEqual([8_000, 8_000]);
  });
});
