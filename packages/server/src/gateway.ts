import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { abortableDelay, systemClock, type Catalog, type Clock, type Store } from '@switchyard/core';
import { createPostgresStore, createSqliteStore } from '@switchyard/store-sql';
import { createApp } from './app.js';
import { createByok } from './byok/create-byok.js';
import { CreditGate } from './billing/credit-gate.js';
import { HoldSweeper } from './billing/hold-sweeper.js';
import { noPaymentProvider, type PaymentProvider } from './billing/payment-provider.js';
import { createCredentialSource, credentialPlans, homeDirOf, loadConfigDiscoveringProject } from './credentials/index.js';
import { GenerationIds } from './chat/chat-context.js';
import { buildCatalog } from './catalog/build-catalog.js';
import { checkAutoCandidates } from './config/routing-config.js';
import type { GatewayConfig, LoadOptions } from './config/load-config.js';
import { GenerationWriter } from './generations/generation-writer.js';
import { chargingGenerations, DeferredCharges } from './billing/deferred-charges.js';
import { GuardrailEnforcer } from './guardrails/guardrail-enforcer.js';
import { bootstrapKeys, type BootstrapResult } from './keys/bootstrap-keys.js';
import { KeyCache } from './keys/key-cache.js';
import { openKeyChangeFeed } from './keys/redis-key-changes.js';
import { createLogger, type Logger } from './logger.js';
import { OAuthService } from './oauth/oauth-service.js';
import { ledgerPurchases, RequestLimits } from './ratelimit/request-limits.js';
import { openSharedState } from './redis/shared-state.js';
import { buildProviderRuntimes } from './providers-registry.js';
import { UndiciMediaFetcher } from './media/undici-media-fetcher.js';
import { UndiciUpstream } from './upstream/undici-upstream.js';

export interface StartOptions extends LoadOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Called by operator top-ups (`POST /api/v1/admin/credits`); default: no payment needed. */
  readonly payments?: PaymentProvider;
}

export interface GatewayHandle {
  readonly url: string;
  readonly port: number;
  readonly config: GatewayConfig;
  readonly catalog: Catalog;
  readonly bootstrap: BootstrapResult;
  close(): Promise<void>;
}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(config: GatewayConfig): Promise<Store> {
  const { postgresUrl, sqlitePath } = config.server;
  if (postgresUrl === undefined) mkdirSync(path.dirname(sqlitePath), { recursive: true });
  const store = postgresUrl === undefined ? createSqliteStore({ path: sqlitePath }) : await createPostgresStore({ url: postgresUrl });
  await store.migrate();
  return store;
}

/** Serves `fetch` on the configured host and port (0: any free port); resolves once listening. */
async function listen(fetch: (request: Request) => Response | Promise<Response>, settings: { host: string; port: number }) {
  const server = serve({ fetch, hostname: settings.host, port: settings.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * Generation records, written behind in batches (100 rows or every 250 ms) together with the deferred
 * charges of requests that had nothing to check (rows the store refuses at shutdown go to a file),
 * and the credit gate that reserves and settles the others.
 */
function recordsAndCredits(store: Store, config: GatewayConfig, clock: Clock, logger: Logger) {
  const recoveryFile = path.join(config.server.dataDir, 'unsaved-generations.jsonl');
  const deferred = new DeferredCharges();
  const writer = new GenerationWriter(chargingGenerations(store, deferred, () => clock.now()), logger, { intervalMs: 250, batchSize: 1000, recoveryFile, durable: config.server.durableRecords });
  const transaction: Store['transaction'] = (work) => store.transaction(work);
  const credits = new CreditGate({ ledger: store.ledger, settings: config.credits, clock, logger, transaction, deferred });
  return { writer, credits };
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
  const bootstrap = await bootstrapKeys(store, config.bootstrap, clock.now());
  const shared = await openSharedState(config.server, config.health, logger);
  const keyChanges = await openKeyChangeFeed(config.server, store.keys, logger);
  const upstream = new UndiciUpstream();
  const media = new UndiciMediaFetcher(config.media);
  const { writer, credits } = recordsAndCredits(store, config, clock, logger);
  const byok = createByok(store.byok, config, { env: options.env, clock, logger });
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
      stats: shared.stats,
    },
    writer,
    logger,
    clock,
    keepaliveMs: config.server.keepaliveMs,
    routing: config.routing,
    credits,
    byok: byok.routing,
  };
  const sweeper = new HoldSweeper(store.ledger, clock, logger, config.credits.sweepIntervalMs);
  const app = createApp({
    catalog,
    providers: config.providers,
    chat,
    keyCache: new KeyCache(store.keys, { changes: keyChanges.feed }),
    keys: store.keys,
    generations: store.generations,
    writer,
    logger,
    clock,
    bodyLimitBytes: config.server.bodyLimitBytes,
    generationIds: new GenerationIds(),
    billing: { ledger: store.ledger, accounts: store.accounts, settings: config.credits, payments: options.payments ?? noPaymentProvider },
    guardrails: { repository: store.guardrails, enforcer: new GuardrailEnforcer(store.guardrails, clock) },
    oauth: new OAuthService({ store, clock, settings: config.oauth }),
    organizations: { repository: store.organizations, activity: store.activity, transaction: (work) => store.transaction(work) },
    requestLimits: new RequestLimits({ limiter: shared.limiter, settings: config.rateLimits, purchasedCredits: ledgerPurchases(store.ledger), logger }),
    byok: byok.credentials,
  });
  const { server, port } = await listen(app.fetch, config.server);
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
      await sweeper.close();
      await writer.close();
      await shared.close();
      await keyChanges.close();
      await upstream.close();
      await media.close();
      await store.close();
    },
  };
}
