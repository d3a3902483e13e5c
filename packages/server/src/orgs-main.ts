#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfigDiscoveringProject } from './credentials/index.js';
import { openStore } from './gateway.js';
import { ORGS_HELP, runOrgsCommand } from './organizations/orgs-cli.js';

/** `switchyard-orgs`: the operator's users, organisations and memberships, straight on the database. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      name: { type: 'string' },
      account: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals.length === 0) {
    process.stdout.write(`${ORGS_HELP}\n`);
    return;
  }
  const config = await loadConfigDiscoveringProject({ env: process.env, cwd: process.cwd(), configPath: values.config, dataDir: values['data-dir'] });
  const store = await openStore(config);
  try {
    await store.migrate();
    const command = {
      command: positionals[0],
      email: values.email,
      firstName: values['first-name'],
      lastName: values['last-name'],
      name: values.name,
      account: values.account,
      user: values.user,
      role: values.role,
    };
    const output = await runOrgsCommand({ transaction: (work) => store.transaction(work), organizations: store.organizations }, command, new Date());
    process.stdout.write(`${output}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`switchyard-orgs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
