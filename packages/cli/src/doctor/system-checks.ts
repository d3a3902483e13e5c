import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { buildCatalog, closeRedisConnection, createRedisConnection, type GatewayConfig } from '@switchyard/server';
import { oneLineMessage } from '../errors.js';
import { databaseExists, describeStorage, hidePassword, migrationStatus, openExistingStore } from '../storage.js';
import type { CheckResult } from './report.js';

export function configCheck(config: GatewayConfig): CheckResult {
  const where = config.configPath ?? 'no switchyard.yaml found: built-in defaults and environment variables';
  return { status: 'ok', name: 'config', detail: where };
}

export function configFailure(error: unknown, configFlag: string | undefined): CheckResult {
  const named = configFlag ?? process.env['SWITCHYARD_CONFIG'];
  const fix =
    named === undefined || named === ''
      ? 'fix the file and field named above (docs/cli.md and the README describe every setting)'
      : `fix the file and field named above, or point --config / SWITCHYARD_CONFIG at the right file (now: ${named})`;
  return { status: 'fail', name: 'config', detail: oneLineMessage(error), fix };
}

export function warningChecks(config: GatewayConfig): CheckResult[] {
  return config.warnings.map((warning) => ({ status: 'warn', name: 'config', detail: warning, fix: 'see the warning; the provider stays disabled until then' }));
}

export function catalogCheck(config: GatewayConfig): CheckResult {
  try {
    const catalog = buildCatalog(config);
    const providers = config.providers.size;
    if (providers === 0) {
      return {
        status: 'fail',
        name: 'providers',
        detail: 'none enabled, so no model can be served',
        fix: 'set a provider key (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, …) or add providers to switchyard.yaml',
      };
    }
    return { status: 'ok', name: 'catalog', detail: `${String(catalog.models.length)} models served by ${String(providers)} provider${providers === 1 ? '' : 's'}` };
  } catch (error) {
    return { status: 'fail', name: 'catalog', detail: oneLineMessage(error), fix: 'fix the models or providers named above in the config file' };
  }
}

export async function storageCheck(config: GatewayConfig): Promise<CheckResult> {
  const what = describeStorage(config);
  if (!databaseExists(config)) return missingSqlite(config.server.sqlitePath, what);
  try {
    const store = await openExistingStore(config);
    try {
      const { applied, pending } = await migrationStatus(store);
      if (pending.length === 0) return { status: 'ok', name: 'storage', detail: `${what}: answers, schema up to date (${String(applied.length)} migrations)` };
      return {
        status: 'warn',
        name: 'storage',
        detail: `${what}: answers, ${String(pending.length)} migration${pending.length === 1 ? '' : 's'} pending (${pending.join(', ')})`,
        fix: 'run switchyard migrate (switchyard serve also applies them when it starts)',
      };
    } finally {
      await store.close();
    }
  } catch (error) {
    const fix =
      config.server.postgresUrl === undefined
        ? `check that ${config.server.sqlitePath} is a Switchyard SQLite database this user can read and write`
        : 'check storage.postgres_url / SWITCHYARD_POSTGRES_URL (host, port, user, password, database) and that PostgreSQL is running';
    return { status: 'fail', name: 'storage', detail: `${what}: ${oneLineMessage(error)}`, fix };
  }
}

/** A SQLite file that does not exist yet is fine when its directory can be created or written. */
function missingSqlite(file: string, what: string): CheckResult {
  let dir = path.dirname(file);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return { status: 'ok', name: 'storage', detail: `${what} does not exist yet; switchyard migrate or switchyard serve creates it` };
  } catch (error) {
    return { status: 'fail', name: 'storage', detail: `${what} cannot be created: ${oneLineMessage(error)}`, fix: `make ${dir} writable, or choose another --data-dir` };
  }
}

export async function redisCheck(config: GatewayConfig, timeoutMs: number): Promise<CheckResult> {
  const url = config.server.redisUrl;
  if (url === undefined) return { status: 'info', name: 'redis', detail: 'not configured (rate limits and endpoint health are kept per process)' };
  const redis = createRedisConnection({ url, commandTimeoutMs: timeoutMs });
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    const started = Date.now();
    const answer = await redis.ping();
    return { status: 'ok', name: 'redis', detail: `${hidePassword(url)} answered ${answer} in ${String(Date.now() - started)} ms` };
  } catch (error) {
    return {
      status: 'fail',
      name: 'redis',
      detail: `${hidePassword(url)} does not answer: ${oneLineMessage(lastError ?? error)}`,
      fix: 'start Redis or correct storage.redis_url / SWITCHYARD_REDIS_URL (remove it to keep state per process)',
    };
  } finally {
    await closeRedisConnection(redis);
  }
}
