import { createSqliteStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@switchyard/core';
import { hashSecret } from './api-key-secret.js';
import { bootstrapKeys, DEFAULT_ACCOUNT_ID } from './bootstrap-keys.js';

const NOW = new Date('2026-01-05T12:00:00.000Z');
const GIVEN = 'sk-sy-v1-from-the-environment-0000000000000000000000000000000000000000000';

describe('bootstrapKeys', () => {
  let store: Store;
  beforeEach(async () => {
    store = createSqliteStore({ path: ':memory:' });
    await store.migrate();
  });
  afterEach(() => store.close());

  it('generates one key of each kind on the first start and none on the next', async () => {
    const first = await bootstrapKeys(store, { apiKey: undefined, provisioningKey: undefined }, NOW);
    expect(first.created.map((key) => key.kind)).toEqual(['provisioning', 'inference']);
    expect((await bootstrapKeys(store, { apiKey: undefined, provisioningKey: undefined }, NOW)).created).toEqual([]);
  });

  it('registers a secret from the environment once, and never brings it back after it was deleted', async () => {
    await bootstrapKeys(store, { apiKey: GIVEN, provisioningKey: undefined }, NOW);
    const registered = await store.keys.findByHash(hashSecret(GIVEN));
    expect(registered).toMatchObject({ kind: 'inference', accountId: DEFAULT_ACCOUNT_ID });
    await bootstrapKeys(store, { apiKey: GIVEN, provisioningKey: undefined }, NOW);
    expect(await store.keys.countByKind('inference')).toBe(1);

    await store.keys.delete(registered?.id ?? '', NOW);
    const again = await bootstrapKeys(store, { apiKey: GIVEN, provisioningKey: undefined }, NOW);
    expect(again.created).toEqual([]);
    expect(await store.keys.findByHash(hashSecret(GIVEN))).toBeUndefined();
  });
});
