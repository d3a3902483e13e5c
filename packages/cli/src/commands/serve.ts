import { closeOnSignals, ConfigError, createLogger, parseLogLevel, startGateway, startupLines } from '@switchyard/server';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { gatewayEnv } from '../store-options.js';
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
  for (const line of startupLines(gateway)) output.out(line);
  closeOnSignals(gateway, logger);
}
