import type { Command } from 'commander';
import { processOutput } from '../output.js';
import { withRedisOption, withStoreOptions, type StoreOptions } from '../store-options.js';

export interface ServeOptions extends StoreOptions {
  readonly host?: string;
  readonly port?: string;
}

export interface DoctorOptions extends StoreOptions {
  readonly timeout: string;
}

/*
 * The commands run on the gateway machine. Their code (and the server and database drivers it
 * loads, most of the CLI's start-up time) is imported only when one of them runs, so the HTTP
 * commands start fast.
 */

/** `switchyard serve`. */
export function registerServe(program: Command): void {
  withRedisOption(withStoreOptions(
    program
      .command('serve')
      .description('run the gateway (stops cleanly on Ctrl-C / SIGTERM)')
      .option('--host <host>', 'address to listen on (default: $SWITCHYARD_HOST, the config file, else 127.0.0.1)')
      .option('--port <port>', 'port to listen on, 0 for any free port (default: $SWITCHYARD_PORT, the config file, else 8080)'),
  )).action(async (options: ServeOptions) => (await import('./serve.js')).serve(options, processOutput));
}

/** `switchyard migrate`. */
export function registerMigrate(program: Command): void {
  withStoreOptions(program.command('migrate').description('create or update the database schema (safe to run again)')).action(
    async (options: StoreOptions) => (await import('./migrate.js')).migrate(options, processOutput),
  );
}

/** `switchyard doctor`. */
export function registerDoctor(program: Command): void {
  withRedisOption(withStoreOptions(program.command('doctor').description('check the config, storage, Redis and each provider; prints what to fix')))
    .option('--timeout <ms>', 'how long to wait for each network answer', '5000')
    .action(async (options: DoctorOptions) => (await import('./doctor.js')).doctor(options, processOutput));
}
