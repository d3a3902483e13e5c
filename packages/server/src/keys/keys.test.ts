import type { ApiKeyRecord, KeyRepository } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, maskSecret } from './api-key-secret.js';
import { KeyCache } from './key-cache.js';

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
    const cache = new KeyCache(keys, 1000, 10, () => now);
    expect(await cache.find('h1')).toBe(record);
    expect(await cache.find('h1')).toBe(record);
    expect(calls).toEqual(['h1']);
    now = 1001;
    await cache.find('h1');
    expect(calls).toEqual(['h1', 'h1']);
  });

  it('does not cache misses, and invalidates on demand', async () => {
    const { keys, calls } = repo();
    const cache = new KeyCache(keys);
    expect(await cache.find('nope')).toBeUndefined();
    expect(await cache.find('nope')).toBeUndefined();
    await cache.find('h1');
    cache.invalidate('h1');
    await cache.find('h1');
    expect(calls).toEqual(['nope', 'nope', 'h1', 'h1']);
  });
});
