import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeUpstream, probeTcp, TEST_REDIS_URL, type Scripted } from '@switchyard/test-support';
import { Redis } from 'ioredis';
import pg from 'pg';
import { stringify } from 'yaml';
import { FIXTURES } from '../support/fixture-bodies.js';

/**
 * Real gateway processes (`node packages/server/dist/main.js`) sharing one PostgreSQL schema and one
 * Redis key prefix, in front of one slow loopback upstream. Everything is removed by `close`.
 */
export const TEST_POSTGRES_URL = process.env['SWITCHYARD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const API_KEY = 'sk-sy-v1-scale-inference-000000000000000000000000000000000000000000000000';
export const PROVISIONING_KEY = 'sk-sy-v1-scale-provisioning-0000000000000000000000000000000000000000000';
export const ADMIN_TOKEN = 'sy-admin-scale-0123456789abcdef0123456789abcdef';
export const ACCOUNT_ID = 'acct_default';
export const MODEL = 'scale/paid';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const START_TIMEOUT_MS = 20_000;

export interface ClusterOptions {
  /** `credits:` of every process (`enforce` on unless set to false). */
  readonly credits: { readonly hold_ttl_ms: number; readonly sweep_interval_ms: number; readonly enforce?: boolean };
  /** `storage.durable_records` of every process (default false). */
  readonly durableRecords?: boolean;
  readonly requestsPerMinute?: number;
  /** What the upstream answers to one chat request (streaming or not). */
  readonly answer: (stream: boolean) => Scripted;
}

export interface GatewayProcess {
  readonly name: string;
  readonly port: number;
  readonly baseURL: string;
  readonly child: ChildProcess;
  /** stderr so far (warnings and errors), for failure messages. */
  readonly stderr: () => string;
}

/** `$1` per million prompt tokens, `$2` per million completion tokens, served by the slow upstream. */
function configFor(options: ClusterOptions, upstreamUrl: string, postgresUrl: string, redisPrefix: string): Record<string, unknown> {
  return {
    server: { keepalive_ms: 5000 },
    storage: { postgres_url: postgresUrl, redis_url: TEST_REDIS_URL, redis_key_prefix: redisPrefix, durable_records: options.durableRecords ?? false },
    credits: { enforce: true, ...options.credits },
    ...(options.requestsPerMinute === undefined ? {} : { rate_limits: { requests_per_minute: options.requestsPerMinute } }),
    retry: { max_retries_per_endpoint: 0, base_delay_ms: 10, max_delay_ms: 50, max_retry_after_ms: 50 },
    bundled_catalog: false,
    providers: [{ id: 'slow', name: 'Slow', adapter: 'openai-compatible', base_url: `${upstreamUrl}/v1`, api_key: 'sk-upstream', timeout_ms: 20_000 }],
    models: [
      {
        id: MODEL,
        context_length: 8192,
        endpoints: [
          {
            provider: 'slow',
            upstream_model: 'gpt-4.1-nano',
            pricing: { prompt: '0.000001', completion: '0.000002' },
            supported_parameters: ['max_tokens', 'temperature'],
          },
        ],
      },
    ],
  };
}

export class ScaleCluster {
  readonly processes = new Map<string, GatewayProcess>();

  private constructor(
    readonly upstream: FakeUpstream,
    readonly db: pg.Pool,
    readonly schema: string,
    private readonly redisPrefix: string,
    private readonly dir: string,
    private readonly configPath: string,
  ) {}

  /** Creates the schema, writes the config, starts the upstream; processes start with `start`. */
  static async create(options: ClusterOptions): Promise<ScaleCluster> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc -b; npm test does)`);
    const upstream = await FakeUpstream.start();
    upstream.always((request) => options.answer((request.body as { stream?: boolean }).stream === true));
    const schema = `sy_scale_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const db = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 4, options: `-c search_path=${schema}` });
    await db.query(`create schema "${schema}"`);
    const postgresUrl = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const redisPrefix = `switchyard-scale-${schema}:`;
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-scale-'));
    const configPath = path.join(dir, 'switchyard.yaml');
    writeFileSync(configPath, stringify(configFor(options, upstream.url, postgresUrl, redisPrefix)));
    return new ScaleCluster(upstream, db, schema, redisPrefix, dir, configPath);
  }

  /** Starts (or restarts, on the same port) a gateway process; resolves once it listens. */
  async start(name: string, port = 0): Promise<GatewayProcess> {
    const child = spawn(
      process.execPath,
      [MAIN, '--host', '127.0.0.1', '--port', String(port), '--config', this.configPath, '--data-dir', path.join(this.dir, name)],
      {
        env: {
          ...process.env,
          SWITCHYARD_API_KEY: API_KEY,
          SWITCHYARD_PROVISIONING_KEY: PROVISIONING_KEY,
          SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
          SWITCHYARD_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const listening = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`${name} did not start in time:\n${stdout}\n${stderr}`)), START_TIMEOUT_MS);
      child.stdout?.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        const found = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
        if (found?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${String(code)} before listening:\n${stderr}`));
      });
    });
    const started: GatewayProcess = { name, port: listening, baseURL: `http://127.0.0.1:${String(listening)}/api/v1`, child, stderr: () => stderr };
    this.processes.set(name, started);
    return started;
  }

  /** `kill -9`: the process gets no chance to settle, flush or release anything. */
  async crash(name: string): Promise<void> {
    const target = this.processes.get(name);
    if (target === undefined || target.child.exitCode !== null) throw new Error(`${name} is not running`);
    const exited = new Promise<void>((resolve) => target.child.once('exit', () => resolve()));
    target.child.kill('SIGKILL');
    await exited;
  }

  /** Stops every process (SIGTERM, then SIGKILL), drops the schema and the Redis keys, removes the data dirs. */
  async close(): Promise<void> {
    await Promise.all([...this.processes.values()].map((entry) => stop(entry.child)));
    await this.upstream.close();
    await this.db.query(`drop schema if exists "${this.schema}" cascade`);
    await this.db.end();
    await deleteRedisKeys(this.redisPrefix);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Why the scale suites cannot run (PostgreSQL or Redis unreachable), or undefined. */
export async function scaleServicesUnreachable(): Promise<string | undefined> {
  return (await probeTcp(TEST_REDIS_URL)) ?? (await probeTcp(TEST_POSTGRES_URL.replace(/^postgres(ql)?:/, 'tcp:')));
}

/**
 * The recorded OpenAI answer (streamed in 4 KiB chunks, or as JSON), each after `minMs` plus up to
 * `spreadMs` more, varying per request: completions keep happening while a test kills a process.
 */
export function slowRecordedAnswers(minMs: number, spreadMs: number): (stream: boolean) => Scripted {
  let answered = 0;
  return (stream) => {
    const delayMs = minMs + ((answered++ * 37) % spreadMs);
    return stream
      ? { body: FIXTURES.openaiTextStream(), chunkSize: 4096, chunkDelayMs: 5, delayMs }
      : { json: FIXTURES.openaiText(), delayMs };
  };
}
