import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describeWithService, probeTcp } from '@switchyard/test-support';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { MIGRATION_COUNT } from './support/migrations.js';
import { assertBuilt, runCli, tempDir } from './support/run-cli.js';

// Each test runs the built binary several times: seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const url = process.env['SWITCHYARD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sy_cli_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
/** The test database with a schema of its own (search_path), so nothing else in it is touched. */
const schemaUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const temp = tempDir('switchyard-cli-pg-');

describeWithService('PostgreSQL (CLI)', await probeTcp(url.replace(/^postgres(ql)?:/, 'tcp:')), () => {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const cli = (...args: string[]) => runCli([...args, '--postgres-url', schemaUrl], { cwd: temp.dir, env: { SWITCHYARD_DATA_DIR: temp.dir } });

  beforeAll(async () => {
    assertBuilt();
    await admin.query(`create schema "${schema}"`);
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
    temp.remove();
  });

  it('migrate, keys and credits work the same on PostgreSQL', async () => {
    const migrated = await cli('migrate');
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`Opening PostgreSQL ${schemaUrl}`);
    expect(migrated.stdout).toMatch(new RegExp(`Done in \\d+ ms: ${String(MIGRATION_COUNT)} migrations applied, 0 pending\\.`));
    expect((await cli('migrate')).stdout).toContain(`Schema is up to date (${String(MIGRATION_COUNT)} migrations applied).`);
    const created = await cli('keys', 'create', '--name', 'pg key', '--limit', '1');
    expect(created.stdout).toMatch(/^sk-sy-v1-[0-9a-f]{64}\n$/);
    const listed = await cli('keys', 'list');
    expect(listed.stdout).toMatch(/pg key\s+sk-sy-v1-\S+\s+inference\s+\$1\.00\s+\$0\.00\s+no/);
    const rows = await admin.query<{ name: string }>(`select name from "${schema}".api_keys`);
    expect(rows.rows.map((row) => row.name)).toEqual(['pg key']);
    expect((await cli('credits', 'add', '--amount', '4')).code).toBe(0);
    expect((await cli('credits', 'show')).stdout).toContain('balance 4.000000');
  });
});
