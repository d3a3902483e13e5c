import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeTrimmedSpec } from './prism-spec.js';

/** A running `prism mock` process on a loopback port. */
export interface PrismMock {
  /** `http://127.0.0.1:<port>` (Prism answers on the spec's path keys below it). */
  readonly url: string;
  /** What Prism printed so far (its request log, validation messages, start-up errors). */
  log(): string;
  stop(): Promise<void>;
}

export interface PrismOptions {
  /** How long to wait for "Prism is listening" (the OpenAI spec takes 8-10 s on an idle machine). */
  readonly startTimeoutMs?: number;
  /**
   * Mock only these path keys: Prism then loads a trimmed copy of the spec (the operations' schemas
   * unchanged) and starts in seconds instead of tens of seconds.
   */
  readonly paths?: readonly string[];
}

const LOG_LIMIT = 200_000;

function prismBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin['prism'];
  if (bin === undefined) throw new Error('@stoplight/prism-cli declares no "prism" bin');
  return path.join(path.dirname(manifestPath), bin);
}

/** A port that was free a moment ago (Prism binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port assigned'));
        else resolve(address.port);
      });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function waitUntilListening(child: ChildProcess, log: () => string, spec: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`prism mock ${spec} ${why}. Its log:\n${log()}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const onData = (): void => {
      if (!log().includes('Prism is listening')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve();
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => fail(`exited before listening (code ${String(code)}, signal ${String(signal)})`));
    child.once('error', (error) => fail(`could not be spawned: ${error.message}`));
  });
}

/**
 * Starts `prism mock <spec>` on a free loopback port and resolves once it listens. Fails with
 * Prism's own log when it exits or does not come up in time. Request validation is on: a body that
 * violates the operation's schema gets 422.
 */
export async function startPrismMock(spec: string, options: PrismOptions = {}): Promise<PrismMock> {
  const dir = options.paths === undefined ? undefined : mkdtempSync(path.join(tmpdir(), 'switchyard-prism-'));
  const cleanUp = (): void => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const document = dir === undefined || options.paths === undefined ? spec : writeTrimmedSpec(spec, options.paths, dir);
    const port = await freePort();
    const { child, log } = spawnPrism(document, port);
    const stop = async (): Promise<void> => {
      await stopChild(child);
      cleanUp();
    };
    try {
      await waitUntilListening(child, log, spec, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      await stop();
      throw error;
    }
    return { url: `http://127.0.0.1:${port}`, log, stop };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

function spawnPrism(document: string, port: number): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [prismBin(), 'mock', document, '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, log: () => output };
}
