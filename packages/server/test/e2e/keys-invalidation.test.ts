import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { OpenRouter } from '@openrouter/sdk';
import { createPostgresStore } from '@switchyard/store-sql';
import { describeWithService, probeTcp, TEST_REDIS_URL } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { createLogger, startGateway, type GatewayHandle } from '../../src/index.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

const POSTGRES_URL = process.env['SWITCHYARD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A second gateway process-alike on the first one's configuration and database (its own key cache). */
function startSecond(first: TestGateway): Promise<GatewayHandle> {
  return startGateway({
    env: { SWITCHYARD_API_KEY: API_KEY, SWITCHYARD_PROVISIONING_KEY: PROVISIONING_KEY },
    cwd: first.dataDir,
    configPath: path.join(first.dataDir, 'switchyard.yaml'),
    host: '127.0.0.1',
    port: 0,
    dataDir: first.dataDir,
    logger: createLogger('silent'),
  });
}

async function currentKeyStatus(baseUrl: string, secret: string): Promise<number> {
  const response = await fetch(`${baseUrl}/key`, { headers: { authorization: `Bearer ${secret}` } });
  await response.arrayBuffer();
  return response.status;
}

/** Milliseconds until `check` first holds, polling every 20 ms; fails after `limitMs`. */
async function msUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`still not true after ${String(limitMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function disableOnOneRefusedOnOther(first: TestGateway, second: GatewayHandle): Promise<void> {
  const admin = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: first.baseURL });
  const { key: secret, data } = await admin.apiKeys.create({ requestBody: { name: 'Shared key' } });
  const otherUrl = `${second.url}/api/v1`;
  // Both processes now hold the key in their caches.
  expect(await currentKeyStatus(first.baseURL, secret)).toBe(200);
  expect(await currentKeyStatus(otherUrl, secret)).toBe(200);
  expect(await currentKeyStatus(otherUrl, secret)).toBe(200);

  await admin.apiKeys.update({ hash: data.hash, requestBody: { disabled: true } });
  expect(await currentKeyStatus(first.baseURL, secret)).toBe(401);
  const disabledAfter = await msUntil(async () => (await currentKeyStatus(otherUrl, secret)) === 401, 1000);
  expect(disabledAfter).toBeLessThan(1000);

  await admin.apiKeys.update({ hash: data.hash, requestBody: { disabled: false } });
  await msUntil(async () => (await currentKeyStatus(otherUrl, secret)) === 200, 1000);
  await admin.apiKeys.delete({ hash: data.hash });
  const deletedAfter = await msUntil(async () => (await currentKeyStatus(otherUrl, secret)) === 401, 1000);
  expect(deletedAfter).toBeLessThan(1000);
}

/** A second gateway on `first`'s storage: a key disabled on one is refused by the other; both are closed after. */
async function withSecond(first: TestGateway): Promise<void> {
  const second = await startSecond(first);
  try {
    await disableOnOneRefusedOnOther(first, second);
  } finally {
    await second.close();
    await first.close();
  }
}

describe('key changes reach a second gateway within a second', () => {
  it('two gateways on one SQLite file', async () => {
    const first = await startTestGateway();
    await withSecond(first);
  });
});

describeWithService('PostgreSQL', await probeTcp(POSTGRES_URL), () => {
  it('two gateways on one PostgreSQL schema', async () => {
    const schema = `sy_keys_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    // Creates the schema; the gateways reach it through the search_path in their URL.
    const admin = await createPostgresStore({ url: POSTGRES_URL, schema, maxConnections: 1 });
    const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    try {
      const first = await startTestGateway({ config: { storage: { postgres_url: url } } });
      await withSecond(first);
    } finally {
      await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await admin.close();
    }
  });
});

describeWithService('Redis', await probeTcp(TEST_REDIS_URL), () => {
  it('two gateways on one SQLite file, with key changes also pushed over Redis', async () => {
    const prefix = `switchyard-test-${randomUUID().slice(0, 8)}:`;
    const first = await startTestGateway({ config: { storage: { redis_url: TEST_REDIS_URL, redis_key_prefix: prefix } } });
    await withSecond(first);
  });
});
