import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithService, FakeUpstream, probeTcp, TEST_REDIS_URL } from '@switchyard/test-support';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MIGRATION_COUNT } from './support/migrations.js';
import { assertBuilt, closedPort, runCli, tempDir } from './support/run-cli.js';

// Each test runs the built binary several times: seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const temp = tempDir('switchyard-cli-doctor-');
let upstream: FakeUpstream;

/** A config file in the temp dir with these providers (and nothing from the bundled ones enabled). */
function writeConfig(name: string, config: Record<string, unknown>): string {
  const file = path.join(temp.dir, name);
  writeFileSync(file, stringify(config));
  return file;
}

const doctor = (...args: string[]) => runCli(['doctor', '--data-dir', path.join(temp.dir, 'data'), '--timeout', '2000', ...args], { cwd: temp.dir });

beforeAll(async () => {
  assertBuilt();
  upstream = await FakeUpstream.start();
});
afterAll(async () => {
  await upstream.close();
  temp.remove();
});

describe('switchyard doctor', () => {
  it('all good: ✓ per check, the storage that does not exist yet included, exit 0', async () => {
    const config = writeConfig('good.yaml', {
      providers: [
        { id: 'openai', base_url: `${upstream.url}/openai/v1`, api_key: 'sk-upstream' },
        { id: 'local', name: 'Local', adapter: 'openai-compatible', base_url: `${upstream.url}/local/v1` },
      ],
    });
    const result = await doctor('--config', config);
    expect(result.code, result.stdout).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`✓ config             ${config}`);
    expect(lines).toContainEqual(expect.stringMatching(/^✓ catalog {12}\d+ models served by 2 providers$/));
    expect(lines).toContainEqual(`✓ storage            SQLite ${temp.dir}/data/switchyard.db does not exist yet; switchyard migrate or switchyard serve creates it`);
    expect(lines).toContainEqual('- redis              not configured (rate limits and endpoint health are kept per process)');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✓ provider openai {4}API key set; ${upstream.url}/openai/v1 answered HTTP \\d{3} in \\d+ ms$`)));
    // A keyless provider works (a local server) but is worth a look.
    expect(lines).toContainEqual(expect.stringMatching(/^! provider local {5}no API key; .* answered HTTP \d{3}/));
    expect(lines.at(-1)).toBe('All checks passed (1 warning).');
    expect(upstream.requests.map((request) => request.method)).toContain('HEAD');
  });

  it('an existing database: it answers and its schema is up to date after switchyard migrate', async () => {
    const config = writeConfig('one.yaml', { providers: [{ id: 'openai', base_url: `${upstream.url}/openai/v1`, api_key: 'k' }] });
    expect((await runCli(['migrate', '--data-dir', path.join(temp.dir, 'data')], { cwd: temp.dir })).code).toBe(0);
    const result = await doctor('--config', config);
    expect(result.stdout).toContain(`✓ storage            SQLite ${temp.dir}/data/switchyard.db: answers, schema up to date (${String(MIGRATION_COUNT)} migrations)`);
  });

  it('an unreachable provider, an unreachable PostgreSQL and no providers: ✗ with what to fix, exit 1', async () => {
    const port = await closedPort();
    const config = writeConfig('bad.yaml', { providers: [{ id: 'openai', base_url: `http://127.0.0.1:${String(port)}/v1`, api_key: 'k' }] });
    const result = await doctor('--config', config, '--postgres-url', `postgres://sy:secret@127.0.0.1:${String(port)}/db`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ provider openai    API key set; http://127.0.0.1:${String(port)}/v1 is unreachable: connect ECONNREFUSED 127.0.0.1:${String(port)}`);
    expect(result.stdout).toContain(`    fix: check the provider's base_url in the config file, DNS and any proxy or firewall between this machine and 127.0.0.1:${String(port)}`);
    expect(result.stdout).toContain(`✗ storage            PostgreSQL postgres://sy:***@127.0.0.1:${String(port)}/db: connect ECONNREFUSED`);
    expect(result.stdout).not.toContain('secret');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('2 checks failed: fix the lines marked ✗ and run switchyard doctor again.');
    const none = await doctor('--config', writeConfig('empty.yaml', {}));
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('✗ providers          none enabled, so no model can be served');
    expect(none.stdout).toContain('    fix: set a provider key (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, …) or add providers to switchyard.yaml');
  });

  it('a broken config file: the loader error in one line, the fix, exit 1', async () => {
    const file = path.join(temp.dir, 'broken.yaml');
    writeFileSync(file, 'server:\n  port: "eighty"\n');
    const result = await doctor('--config', file);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(result.stdout).toBe(
      [
        `✗ config             ${file} is invalid: server.port: Invalid input: expected number, received string`,
        `    fix: fix the file and field named above, or point --config / SWITCHYARD_CONFIG at the right file (now: ${file})`,
        '1 check failed: fix the lines marked ✗ and run switchyard doctor again.',
        '',
      ].join('\n'),
    );
  });

  it('Redis that does not answer is ✗', async () => {
    const port = await closedPort();
    const config = writeConfig('redis-down.yaml', { providers: [{ id: 'openai', base_url: `${upstream.url}/openai/v1`, api_key: 'k' }] });
    const result = await doctor('--config', config, '--redis-url', `redis://127.0.0.1:${String(port)}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ redis              redis://127.0.0.1:${String(port)} does not answer: connect ECONNREFUSED 127.0.0.1:${String(port)}`);
  });
});

describeWithService('Redis (doctor)', await probeTcp(TEST_REDIS_URL), () => {
  it('a reachable Redis answers PONG', async () => {
    const config = writeConfig('redis.yaml', { providers: [{ id: 'openai', base_url: `${upstream.url}/openai/v1`, api_key: 'k' }] });
    const result = await doctor('--config', config, '--redis-url', TEST_REDIS_URL);
    expect(result.stdout).toMatch(/✓ redis {14}\S+ answered PONG in \d+ ms/);
    expect(result.code).toBe(0);
  });
});
