import type { GatewayConfig } from './config/load-config.js';
import type { GatewayHandle } from './gateway.js';
import type { Logger } from './logger.js';

/** "SQLite <path>" or "PostgreSQL <url without its password>". */
export function describeStorage(config: GatewayConfig): string {
  const { postgresUrl, sqlitePath } = config.server;
  return postgresUrl === undefined ? `SQLite ${sqlitePath}` : `PostgreSQL ${hidePassword(postgresUrl)}`;
}

export function hidePassword(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** What a gateway started in the foreground prints: where it listens, what it serves, the keys it just created (once). */
export function startupLines(gateway: GatewayHandle): string[] {
  const providers = [...gateway.config.providers.keys()];
  const lines = [
    `Switchyard listening on ${gateway.url}/api/v1`,
    `  storage:   ${describeStorage(gateway.config)}`,
    `  redis:     ${gateway.config.server.redisUrl === undefined ? '(none: limits and health are per process)' : hidePassword(gateway.config.server.redisUrl)}`,
    `  providers: ${providers.length === 0 ? '(none enabled: set OPENAI_API_KEY, ANTHROPIC_API_KEY, … or add providers to switchyard.yaml)' : providers.join(', ')}`,
    `  models:    ${String(gateway.catalog.models.length)}`,
  ];
  for (const { kind, secret } of gateway.bootstrap.created) {
    const what = kind === 'provisioning' ? 'a provisioning (admin) key' : 'an inference key (use it as the API key of your OpenAI/OpenRouter client)';
    lines.push('', `Created ${what}. It is shown only once; only its hash is stored:`, `  ${secret}`);
  }
  return lines;
}

/** Closes the gateway on SIGINT or SIGTERM, then exits (1 when closing failed). */
export function closeOnSignals(gateway: GatewayHandle, logger: Logger): void {
  const shutdown = (signal: string): void => {
    logger.info('shutting down', { signal });
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
