import type { Command } from 'commander';

/** The options every command that works on the database takes (as `switchyard serve` reads them). */
export interface StoreOptions {
  readonly config?: string;
  readonly dataDir?: string;
  readonly postgresUrl?: string;
  readonly redisUrl?: string;
}

/** Adds --config, --data-dir and --postgres-url to a command that opens the database. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present)')
    .option('--data-dir <dir>', 'data directory holding the SQLite database (default: $SWITCHYARD_DATA_DIR, else ./.switchyard)')
    .option('--postgres-url <url>', 'use PostgreSQL instead of SQLite (sets SWITCHYARD_POSTGRES_URL; storage.postgres_url in the config file wins)');
}

/** Adds --redis-url, for the commands that use Redis (serve, doctor). */
export function withRedisOption(command: Command): Command {
  return command.option('--redis-url <url>', 'Redis shared by gateway processes (sets SWITCHYARD_REDIS_URL; storage.redis_url in the config file wins)');
}

/** The environment the gateway's config loader reads, with the storage flags applied. */
export function gatewayEnv(options: StoreOptions, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(options.postgresUrl === undefined ? {} : { SWITCHYARD_POSTGRES_URL: options.postgresUrl }),
    ...(options.redisUrl === undefined ? {} : { SWITCHYARD_REDIS_URL: options.redisUrl }),
  };
}
