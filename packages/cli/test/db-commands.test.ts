import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MIGRATION_COUNT } from './support/migrations.js';
import { assertBuilt, runCli, tempDir } from './support/run-cli.js';

// Each test runs the built binary several times: seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const temp = tempDir('switchyard-cli-db-');
const env = { SWITCHYARD_DATA_DIR: temp.dir };
const cli = (...args: string[]) => runCli(args, { env, cwd: temp.dir });

interface ListedKey {
  readonly hash: string;
  readonly name: string;
  readonly limit: number | null;
  readonly limit_reset: string | null;
  readonly include_byok_in_limit: boolean;
  readonly disabled: boolean;
  readonly kind: string;
}

async function listedKeys(): Promise<ListedKey[]> {
  const listed = await cli('keys', 'list', '--json');
  expect(listed.code).toBe(0);
  return (JSON.parse(listed.stdout) as { data: ListedKey[] }).data;
}

beforeAll(assertBuilt);
afterAll(() => temp.remove());

describe('switchyard migrate (SQLite)', () => {
  it('applies every migration with a progress line each, then finds nothing to do', async () => {
    const first = await cli('migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Opening SQLite ${temp.dir}/switchyard.db`);
    expect(first.stdout).toContain(`Applying ${String(MIGRATION_COUNT)} of ${String(MIGRATION_COUNT)} migrations…`);
    expect(first.stdout).toContain('  ✓ 0001-init');
    expect(first.stdout).toMatch(new RegExp(`Done in \\d+ ms: ${String(MIGRATION_COUNT)} migrations applied, 0 pending\\.`));
    const again = await cli('migrate');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Schema is up to date (${String(MIGRATION_COUNT)} migrations applied).`);
  });
});

describe('switchyard keys', () => {
  it('create prints only the secret on stdout, and the key is listed by hash with its limit', async () => {
    const created = await cli('keys', 'create', '--name', 'ci', '--limit', '5', '--limit-reset', 'daily');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^sk-sy-v1-[0-9a-f]{64}\n$/);
    expect(created.stderr).toMatch(/Created inference key "ci" \(hash [0-9a-f]{64}\)\. Its secret is shown only once/);
    const key = (await listedKeys()).find((listed) => listed.name === 'ci');
    expect(key).toMatchObject({ limit: 5, limit_reset: 'daily', disabled: false, kind: 'inference', include_byok_in_limit: false });
    const table = await cli('keys', 'list');
    expect(table.stdout.split('\n')[0]).toMatch(/^HASH\s+NAME\s+LABEL\s+KIND\s+LIMIT\s+USAGE\s+DISABLED$/);
    expect(table.stdout).toMatch(new RegExp(`${key?.hash ?? 'missing'}\\s+ci\\s+sk-sy-v1-\\w{3}\\.\\.\\.\\w{4}\\s+inference\\s+\\$5\\.00/day\\s+\\$0\\.00\\s+no`));
  });

  it('update (by hash prefix), disable, enable and delete change the stored key', async () => {
    await cli('keys', 'create', '--name', 'temp');
    const hash = (await listedKeys()).find((listed) => listed.name === 'temp')?.hash ?? '';
    const updated = await cli('keys', 'update', hash.slice(0, 12), '--name', 'renamed', '--limit', '2.5', '--include-byok-in-limit');
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain(`Updated key "renamed" (${hash}): limit $2.50, enabled.`);
    expect((await listedKeys()).find((listed) => listed.hash === hash)).toMatchObject({ name: 'renamed', limit: 2.5, include_byok_in_limit: true });
    expect((await cli('keys', 'update', hash, '--limit', 'none', '--no-include-byok-in-limit')).code).toBe(0);
    expect((await listedKeys()).find((listed) => listed.hash === hash)).toMatchObject({ limit: null, include_byok_in_limit: false });
    expect((await cli('keys', 'disable', hash)).stdout).toContain('disabled.');
    expect((await listedKeys()).find((listed) => listed.hash === hash)?.disabled).toBe(true);
    expect((await cli('keys', 'enable', hash)).stdout).toContain('enabled.');
    const deleted = await cli('keys', 'delete', hash);
    expect(deleted.stdout).toBe(`Deleted key "renamed" (${hash}).\n`);
    expect((await listedKeys()).map((listed) => listed.hash)).not.toContain(hash);
    const again = await cli('keys', 'delete', hash);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: `switchyard: no key ${hash} in account acct_default\n` });
  });

  it('a key can be named by its secret (never echoed back in errors)', async () => {
    const secret = (await cli('keys', 'create', '--name', 'by-secret')).stdout.trim();
    expect((await cli('keys', 'disable', secret)).stdout).toMatch(/^Updated key "by-secret" \([0-9a-f]{64}\): limit none, disabled\.\n$/);
    expect((await cli('keys', 'delete', secret)).code).toBe(0);
    const gone = await cli('keys', 'delete', secret);
    expect(gone.code).toBe(1);
    expect(gone.stderr).not.toContain(secret);
    expect(gone.stderr).toMatch(/^switchyard: no key sk-sy-v1-\w{3}\.\.\.\w{4} in account acct_default/);
  });

  it('create --provisioning --json returns the secret with the key', async () => {
    const created = await cli('keys', 'create', '--name', 'admin', '--provisioning', '--json');
    const body = JSON.parse(created.stdout) as { key: string; data: ListedKey };
    expect(body.key).toMatch(/^sk-sy-v1-/);
    expect(body.data).toMatchObject({ name: 'admin', kind: 'provisioning' });
  });

  it('bad values are usage errors (exit 2) named by their flag, checked as the API checks them', async () => {
    const cases: [string[], string][] = [
      [['keys', 'create', '--name', 'x', '--limit', 'lots'], 'switchyard: --limit: "lots" is not an amount of USD (e.g. 25 or 12.50), or "none"\n'],
      [['keys', 'create', '--name', 'x', '--limit', '1e12'], 'switchyard: --limit: "1e12" is not an amount of USD (e.g. 25 or 12.50), or "none"\n'],
      [['keys', 'create', '--name', ' '], 'switchyard: --name: Must not be empty\n'],
      [['keys', 'create', '--name', 'x', '--expires-at', '2001-01-01T00:00:00Z'], 'switchyard: --expires-at: Must be in the future\n'],
      [['keys', 'create', '--name', 'x', '--limit-reset', 'hourly'], "switchyard: option '--limit-reset <window>' argument 'hourly' is invalid. Allowed choices are daily, weekly, monthly, none.\n"],
      [['keys', 'update', 'abc'], 'switchyard: nothing to change: give --name, --limit, --limit-reset or --[no-]include-byok-in-limit\n'],
      [['keys', 'create'], "switchyard: required option '--name <name>' not specified\n"],
      [['keys', 'frobnicate'], "switchyard: unknown command 'frobnicate'\n"],
    ];
    for (const [args, stderr] of cases) {
      expect(await cli(...args), args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr });
    }
  });

  it('a key that does not exist is a runtime error (exit 1, one line)', async () => {
    expect(await cli('keys', 'disable', 'deadbeefdeadbeef')).toMatchObject({
      code: 1,
      stderr: 'switchyard: no key deadbeefdeadbeef in account acct_default\n',
    });
  });
});

describe('switchyard credits', () => {
  it('add posts a top-up once per idempotency key, show prints the balance and entries', async () => {
    const added = await cli('credits', 'add', '--amount', '12.50', '--idempotency-key', 'invoice-1', '--note', 'first');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^topup 12\.500000 USD posted as led_\w+; balance 12\.500000 USD\n$/);
    const replay = await cli('credits', 'add', '--amount', '12.50', '--idempotency-key', 'invoice-1');
    expect(replay.stdout).toContain('already posted (nothing changed)');
    const conflict = await cli('credits', 'add', '--amount', '3', '--idempotency-key', 'invoice-1');
    expect(conflict).toMatchObject({ code: 2, stderr: 'switchyard: --idempotency-key invoice-1 was already used for a different entry\n' });
    expect((await cli('credits', 'add', '--amount=-2', '--kind', 'adjustment')).code).toBe(0);
    const shown = await cli('credits', 'show');
    expect(shown.stdout).toContain('account acct_default: credits 10.500000, usage 0.000000, balance 10.500000, reserved 0.000000 USD');
    expect(shown.stdout).toMatch(/topup\s+12\.500000\s+invoice-1/);
  });

  it('refuses bad amounts and unknown accounts with one line', async () => {
    expect(await cli('credits', 'add', '--amount', 'ten')).toMatchObject({
      code: 2,
      stderr: 'switchyard: --amount: expected a USD amount with at most 6 decimals, e.g. 25 or "12.50"\n',
    });
    expect(await cli('credits', 'show', '--account', 'acct_nobody')).toMatchObject({ code: 1, stderr: 'switchyard: Account acct_nobody not found\n' });
  });
});

describe('configuration errors', () => {
  it('a missing or invalid config file is one line and exit 1 for every database command', async () => {
    const missing = await cli('keys', 'list', '--config', 'nope.yaml');
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: `switchyard: config file ${temp.dir}/nope.yaml does not exist\n` });
    const unreachable = await cli('migrate', '--postgres-url', 'postgres://nobody@127.0.0.1:1/none');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^switchyard: .*ECONNREFUSED/);
  });
});
