import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertBuilt, baseEnv, CLI_PATH, runCli, tempDir } from './support/run-cli.js';

// Each test runs the built binary several times: seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const temp = tempDir('switchyard-cli-serve-');

beforeAll(assertBuilt);
afterAll(() => temp.remove());

/** Starts `switchyard serve`, resolves with its API URL once it printed "listening on", and what it printed so far. */
function startServe(args: readonly string[]) {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', ...args], {
    cwd: temp.dir,
    env: { ...baseEnv(), SWITCHYARD_LOG_LEVEL: 'error', OPENAI_API_KEY: 'sk-test' },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+\/api\/v1)\n/.exec(stdout)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${String(code)} before listening: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

describe('switchyard serve', () => {
  it('serves the API on the port asked for, prints the first keys once, and stops cleanly on SIGTERM', async () => {
    const serve = startServe(['--host', '127.0.0.1', '--port', '0', '--data-dir', temp.dir]);
    const url = await serve.listening;
    const models = await fetch(`${url}/models`);
    expect(models.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { stdout } = serve.output();
    expect(stdout).toContain(`  storage:   SQLite ${temp.dir}/switchyard.db`);
    expect(stdout).toContain('  providers: openai');
    const secrets = stdout.match(/sk-sy-v1-[0-9a-f]{64}/g) ?? [];
    expect(secrets).toHaveLength(2);
    // The printed inference key works against the running gateway.
    const key = await fetch(`${url}/key`, { headers: { authorization: `Bearer ${secrets[1] ?? ''}` } });
    expect(key.status).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    // The same database afterwards: the bootstrap keys are listed, no new ones are printed on the next start.
    const listed = await runCli(['keys', 'list', '--data-dir', temp.dir]);
    expect(listed.stdout).toMatch(/Default inference key/);
    expect(listed.stdout).toMatch(/Provisioning key/);
  });

  it('a bad port is a usage error; a port in use fails with one line', async () => {
    expect(await runCli(['serve', '--port', 'http'], { cwd: temp.dir })).toMatchObject({ code: 2, stderr: 'switchyard: --port: "http" is not a port number\n' });
    const first = startServe(['--port', '0', '--data-dir', temp.dir]);
    const port = new URL(await first.listening).port;
    const second = await runCli(['serve', '--port', port, '--data-dir', temp.dir], { cwd: temp.dir, env: { SWITCHYARD_LOG_LEVEL: 'error' } });
    first.child.kill('SIGTERM');
    await first.exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`switchyard: failed to start: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}\\n$`));
  });
});
