import { Option, type Command } from 'commander';
import { processOutput } from '../output.js';
import { withStoreOptions, type StoreOptions } from '../store-options.js';

export interface CreditsOptions extends StoreOptions {
  readonly account?: string;
  readonly amount?: string;
  readonly kind?: string;
  readonly idempotencyKey?: string;
  readonly note?: string;
}

/** `switchyard credits add|show`: the account's ledger, straight on the database (as switchyard-credits). */
export function registerCredits(program: Command): void {
  const credits = program.command('credits').description("an account's credits (run on the gateway machine)");
  const leaf = (name: string, description: string): Command =>
    withStoreOptions(credits.command(name).description(description)).option('--account <id>', "the account (default: the gateway's own, acct_default)");
  const run = async (options: CreditsOptions, command: string): Promise<void> => {
    const { runCredits } = await import('./credits-action.js');
    processOutput.out(await runCredits(options, command));
  };
  leaf('add', 'post credits to the account: a top-up (default), a refund or an adjustment')
    .requiredOption('--amount <usd>', 'USD with at most 6 decimals, e.g. 25 or 12.50 (adjustments may be negative)')
    .addOption(new Option('--kind <kind>', 'what the entry is').choices(['topup', 'refund', 'adjustment']).default('topup'))
    .option('--idempotency-key <key>', 'posting again with the same key changes nothing (default: a new random key)')
    .option('--note <text>', 'a note stored with the entry')
    .action((options: CreditsOptions) => run(options, options.kind ?? 'topup'));
  leaf('show', "the account's credits, usage, balance and latest ledger entries").action((options: CreditsOptions) => run(options, 'balance'));
}
