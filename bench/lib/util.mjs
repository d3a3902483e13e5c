// Small helpers shared by the bench scripts: settings, ports, child processes, waiting for HTTP.
/* global fetch, AbortSignal -- Node 20 globals */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const GATEWAY_MAIN = path.join(REPO_DIR, 'packages/server/dist/main.js');

/** Fixed keys: the bench data dir is thrown away after each run. */
export const API_KEY = `sk-sy-v1-${'5e'.repeat(32)}`;
export const PROVISIONING_KEY = `sk-sy-v1-${'a7'.repeat(32)}`;

export const REQUEST_BODY = { model: 'bench/echo', messages: [{ role: 'user', content: 'Invent a holiday' }] };
export const STREAM_REQUEST_BODY = { ...REQUEST_BODY, stream: true };

function numberFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw}: expected a non-negative number`);
  return value;
}

/** Durations and counts; BENCH_QUICK=1 shortens everything for a smoke run. */
export function benchSettings() {
  const quick = process.env['BENCH_QUICK'] === '1';
  return {
    quick,
    rounds: Math.max(1, Math.round(numberFromEnv('BENCH_ROUNDS', 1))),
    durationS: numberFromEnv('BENCH_DURATION', quick ? 3 : 10),
    warmupS: numberFromEnv('BENCH_WARMUP', quick ? 1 : 3),
    connections: numberFromEnv('BENCH_CONNECTIONS', 16),
    wrkThreads: numberFromEnv('BENCH_WRK_THREADS', 1),
    nginxWorkers: numberFromEnv('BENCH_NGINX_WORKERS', 1),
    streamRequests: numberFromEnv('BENCH_STREAM_REQUESTS', quick ? 50 : 300),
    streamWarmup: numberFromEnv('BENCH_STREAM_WARMUP', quick ? 10 : 30),
  };
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(command) {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'EACCES' && error.code !== 'ENOTDIR') throw error;
    }
  }
  // nginx lives in /usr/sbin, which is not always on a non-root PATH.
  for (const dir of ['/usr/sbin', '/usr/local/sbin', '/sbin']) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'EACCES') throw error;
    }
  }
  return undefined;
}

/** undici 7 as the gateway uses it (packages/server depends on it; the root may hoist another major). */
export async function loadUndici() {
  const require = createRequire(path.join(REPO_DIR, 'packages/server/package.json'));
  const mod = await import(pathToFileURL(require.resolve('undici')).href);
  return mod.default ?? mod;
}

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort() {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Children started by the bench, stopped at the end (and on Ctrl-C) by their own pid only.
 * Output goes to a log so that a failed start can be explained.
 */
export class ChildSet {
  constructor() {
    this.children = new Set();
  }

  start(name, command, args, options = {}) {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const entry = { name, child, log: '', exited: false, exitCode: null };
    const append = (chunk) => {
      entry.log = (entry.log + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.once('exit', (code, signal) => {
      entry.exited = true;
      entry.exitCode = code ?? signal;
    });
    child.once('error', (error) => {
      entry.exited = true;
      append(String(error));
    });
    this.children.add(entry);
    return entry;
  }

  async stop(entry, signal = 'SIGTERM', timeoutMs = 10_000) {
    if (!this.children.has(entry)) return;
    this.children.delete(entry);
    if (entry.exited) return;
    const exited = new Promise((resolve) => entry.child.once('exit', resolve));
    entry.child.kill(signal);
    const timedOut = await Promise.race([exited.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut && !entry.exited) {
      entry.child.kill('SIGKILL');
      await exited;
    }
  }

  async stopAll() {
    for (const entry of [...this.children].reverse()) await this.stop(entry);
  }
}

/** Polls `url` with GET until it answers 200 (or the child dies, or time runs out). */
export async function waitForHttp(url, entry, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (entry?.exited) throw new Error(`${entry.name} exited (${entry.exitCode}) before ${url} answered:\n${entry.log}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${lastError})${entry ? `\n${entry.name} log:\n${entry.log}` : ''}`);
}

export function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}
