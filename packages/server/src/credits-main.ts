#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CREDITS_HELP, runCreditsCommand } from './billing/credits-cli.js';
import { noPaymentProvider } from './billing/payment-provider.js';
import { loadConfigDiscoveringProject } from './credentials/index.js';
import { openStore } from './gateway.js';

/** `switchyard-credits`: the operator's top-ups, refunds and adjustments, straight on the database. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      account: { type: 'string' },
      amount: { type: 'string' },
      key: { type: 'string' },
      note: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals.length === 0) {
    process.stdout.write(`${CREDITS_HELP}\n`);
    return;
  }
  const config = await loadConfigDiscoveringProject({ env: process.env, cwd: process.cwd(), configPath: values.config, dataDir: values['data-dir'] });
  const store = await openStore(config);
  try {
    await store.migrate();
    const command = { command: positionals[0], account: values.account, amount: values.amount, key: values.key, note: values.note };
    const output = await runCreditsCommand({ ledger: store.ledger, accounts: store.accounts, payments: noPaymentProvider }, command, new Date());
    process.stdout.write(`${output}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`switchyard-credits: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
