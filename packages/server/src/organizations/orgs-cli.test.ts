import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../keys/api-key-secret.js';
import { runOrgsCommand, type OrgsCliDeps } from './orgs-cli.js';

const NOW = new Date('2025-06-01T00:00:00.000Z');
let store: SqlStore;
let deps: OrgsCliDeps;

beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:' });
  await store.migrate();
  deps = { transaction: (work) => store.transaction(work), organizations: store.organizations };
});
afterEach(() => store.close());

const run = (command: Parameters<typeof runOrgsCommand>[1]) => runOrgsCommand(deps, command, NOW);

describe('switchyard-orgs', () => {
  it('creates an organisation with a working management key, a user and a membership', async () => {
    const org = await run({ command: 'org', name: 'Acme' });
    const [, accountId = ''] = /^organization (\S+) "Acme"/.exec(org) ?? [];
    const secret = /management key \(shown once\): (\S+)$/.exec(org)?.[1] ?? '';
    expect(await store.organizations.accountKind(accountId)).toBe('organization');
    expect(await store.keys.findByHash(hashSecret(secret))).toMatchObject({ kind: 'provisioning', accountId });

    const user = await run({ command: 'user', email: 'Ann@Acme.example', firstName: 'Ann' });
    const userId = /^user (\S+) <ann@acme\.example>$/.exec(user)?.[1] ?? '';
    expect(await run({ command: 'member', account: accountId, user: userId, role: 'member' })).toBe(`${userId} is member of ${accountId}`);
    expect(await run({ command: 'member', account: accountId, user: userId, role: 'admin' })).toBe(`${userId} is admin of ${accountId}`);
    expect(await run({ command: 'members', account: accountId })).toBe(`${userId}  admin   ann@acme.example`);
    await run({ command: 'remove-member', account: accountId, user: userId });
    expect(await run({ command: 'members', account: accountId })).toBe('(no members)');
  });

  it('refuses what it cannot do, naming the option', async () => {
    await expect(run({ command: 'user', email: 'not-an-email' })).rejects.toThrow(/^email: /);
    await run({ command: 'user', email: 'a@b.example' });
    await expect(run({ command: 'user', email: 'A@B.example' })).rejects.toThrow(/A user with this email exists/);
    await expect(run({ command: 'member', account: 'acct_missing', user: 'u', role: 'admin' })).rejects.toThrow(/Account acct_missing not found/);
    await expect(run({ command: 'member', user: 'u', role: 'admin' })).rejects.toThrow(/^--account: Required/);
    await expect(run({ command: 'member', account: 'a', user: 'u', role: 'owner' })).rejects.toThrow(/^role: /);
    await expect(run({ command: 'remove-member', account: 'a', user: 'u' })).rejects.toThrow(/Membership not found/);
    await expect(run({ command: 'nope' })).rejects.toThrow(/unknown command nope/);
  });
});
