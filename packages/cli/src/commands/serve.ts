import { ConfigError, createLogger, parseLogLevel, startGateway, type GatewayHandle } from '@switchyard/server';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { gatewayEnv } from '../store-options.js';
import { describeStorage } from '../storage.js';
import type { ServeOptions } from './operator-commands.js';

/** The gateway in the foreground until SIGINT or SIGTERM (as switchyard-server). */
export async function serve(options: ServeOptions, output: Output): Promise<void> {
  if (options.port !== undefined && !/^\d{1,5}$/.test(options.port)) throw new UsageError(`--port: "${options.port}" is not a port number`);
  const logger = createLogger(parseLogLevel(process.env['SWITCHYARD_LOG_LEVEL']));
  output.err('Starting Switchyard…');
  const gateway = await startGateway({
    env: gatewayEnv(options),
    cwd: process.cwd(),
    configPath: options.config,
    host: options.host,
    port: options.port === undefined ? undefined : Number(options.port),
    dataDir: options.dataDir,
    logger,
  }).catch((error: unknown) => {
    if (error instanceof ConfigError) throw error;
    throw new Error(`failed to start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  announce(gateway, output);
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

function announce(gateway: GatewayHandle, output: Output): void {
  const providers = [...gateway.config.providers.keys()];
  output.out(`Switchyard listening on ${gateway.url}/api/v1`);
  output.out(`  storage:   ${describeStorage(gateway.config)}`);
  output.out(`  redis:     ${gateway.config.server.redisUrl === undefined ? '(none: limits and health are per process)' : 'configured'}`);
  output.out(`  providers: ${providers.length === 0 ? '(none enabled: set OPENAI_API_KEY, ANTHROPIC_API_KEY, … or add providers to switchyard.yaml)' : providers.join(', ')}`);
  output.out(`  models:    ${String(gateway.catalog.models.length)}`);
  for (const { kind, secret } of gateway.bootstrap.created) {
    const what = kind === 'provisioning' ? 'a provisioning (admin) key' : 'an inference key (use it as the API key of your OpenAI/OpenRouter client)';
    output.out(`\nCreated ${what}. It is shown only once; only its hash is stored:\n  ${secret}`);
  }
}
