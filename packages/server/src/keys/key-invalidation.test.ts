import { createSqliteStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@switchyard/core';
import { KeyCache } from './key-cache.js';
import { StorePolledKeyChanges } from './key-change-feed.js';

/** Two "processes" (each a KeyCache with its own store-polled feed) over one store, on one fake clock. */
describe('key cache invalidation across processes sharing a store', () => {
  let store: Store;
  let now = Date.UTC(2026, 0, 5, 12);
  const clock = () => now;
  const cacheFor = (keys: Store['keys']) => new KeyCache(keys, { now: clock, changes: new StorePolledKeyChanges(keys, { now: clock }) });

  beforeEach(async () => {
    store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
    await store.accounts.ensure({ id: 'acct_1', name: 'One', createdAt: new Date(now) });
    await store.keys.create({ id: 'key_1', hash: 'h1', label: 'sk...1', name: 'One', kind: 'inference', accountId: 'acct_1', createdAt: new Date(now) });
  });
  afterEach(() => store.close());

  it('a key disabled or deleted by one process is refused by the other within the poll interval', async () => {
    const [a, b] = [cacheFor(store.keys), cacheFor(store.keys)];
    expect((await a.find('h1'))?.disabled).toBe(false);
    expect((await b.find('h1'))?.disabled).toBe(false);

    now += 100;
    await store.keys.update('key_1', { disabled: true }, new Date(now));
    await a.invalidate('h1');
    expect((await a.find('h1'))?.disabled).toBe(true);
    now += 500;
    expect((await b.find('h1'))?.disabled).toBe(true);

    now += 10_000;
    await store.keys.delete('key_1', new Date(now));
    now += 500;
    expect(await b.find('h1')).toBeUndefined();
    expect(await a.find('h1')).toBeUndefined();
  });

  it('a writer whose clock lags behind by less than the overlap is still seen', async () => {
    const b = cacheFor(store.keys);
    await b.find('h1');
    now += 1000;
    await b.find('h1');
    await store.keys.update('key_1', { name: 'Renamed' }, new Date(now - 3000));
    now += 500;
    expect((await b.find('h1'))?.name).toBe('Renamed');
  });
});
