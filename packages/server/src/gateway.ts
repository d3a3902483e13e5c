import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { abortableDelay, MemoryEndpointStats, systemClock, type Catalog, type Clock, type Store } from '@switchyard/core';
import { createPostgresStore, createSqliteStore } from '@switchyard/store-sql';
import { createApp } from './app.js';
import { createCredentialSource, credentialPlans, homeDirOf, loadConfigDiscoveringProject } from './credentials/index.js';
import { GenerationIds } from './chat/chat-context.js';
import { buildCatalog } from './catalog/build-catalog.js';
import { checkAutoCandidates } from './config/routing-config.js';
import type { GatewayConfig, LoadOptions } from './config/load-config.js';
import { GenerationWriter } from './generations/generation-writer.js';
import { bootstrapKeys, type BootstrapResult } from './keys/bootstrap-keys.js';
import { KeyCache } from './keys/key-cache.js';
import { createLogger, type Logger } from './logger.js';
import { buildProviderRuntimes } from './providers-registry.js';
import { UndiciMediaFetcher } from './media/undici-media-fetcher.js';
import { UndiciUpstream } from './upstream/undici-upstream.js';

export interface StartOptions extends LoadOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

export interface GatewayHandle {
  readonly url: string;
  readonly port: number;
  readonly config: GatewayConfig;
  readonly catalog: Catalog;
  readonly bootstrap: BootstrapResult;
  close(): Promise<void>;
}

async function openStore(config: GatewayConfig): Promise<Store> {
  if (config.server.postgresUrl !== undefined) return createPostgresStore({ url: config.server.postgresUrl });
  mkdirSync(path.dirname(config.server.sqlitePath), { recursive: true });
  return createSqliteStore({ path: config.server.sqlitePath });
}

/** The composition root: config → catalog → store → adapters → HTTP server on the configured port. */
export async function startGateway(options: StartOptions): Promise<GatewayHandle> {
  const logger = options.logger ?? createLogger('info');
  const clock = options.clock ?? systemClock;
  const config = await loadConfigDiscoveringProject(options);
  for (const warning of config.warnings) logger.warn(warning);
  const credentialPlan = credentialPlans(config.providers, { env: options.env, homeDir: homeDirOf(options.env) });
  const catalog = buildCatalog(config);
  for (const warning of checkAutoCandidates(config.routing, catalog, config.configPath ?? 'configuration')) logger.warn(warning);
  const store = await openStore(config);
  await store.migrate();
  const bootstrap = await bootstrapKeys(store, config.bootstrap, clock.now());
  const upstream = new UndiciUpstream();
  const media = new UndiciMediaFetcher(config.media);
  const writer = new GenerationWriter(store.generations, logger, {
    intervalMs: 250,
    batchSize: 100,
    recoveryFile: path.join(config.server.dataDir, 'unsaved-generations.jsonl'),
  });
  const chat = {
    catalog,
    executor: {
      upstream,
      providers: buildProviderRuntimes(config),
      retry: config.retry,
      random: Math.random,
      clock,
      sleep: abortableDelay,
      credentials: createCredentialSource(credentialPlan, { env: options.env, upstream, clock }),
      media,
      stats: new MemoryEndpointStats(config.health),
    },
    writer,
    logger,
    clock,
    keepaliveMs: config.server.keepaliveMs,
    routing: config.routing,
  };
  const app = createApp({
    catalog,
    providers: config.providers,
    chat,
    keyCache: new KeyCache(store.keys),
    keys: store.keys,
    generations: store.generations,
    writer,
    logger,
    clock,
    bodyLimitBytes: config.server.bodyLimitBytes,
    generationIds: new GenerationIds(),
  });
  const server = serve({ fetch: app.fetch, hostname: config.server.host, port: config.server.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return {
    url: `http://${host}:${port}`,
    port,
    config,
    catalog,
    bootstrap,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await writer.close();
      await upstream.close();
      await media.close();
      await store.close();
    },
  };
}
