import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { processOutput } from '../output.js';
import { withStoreOptions, type StoreOptions } from '../store-options.js';

export interface AccountOption extends StoreOptions {
  readonly account?: string;
  readonly json?: boolean;
}

export interface KeyFields {
  readonly name?: string;
  readonly limit?: string;
  readonly limitReset?: string;
  readonly includeByokInLimit?: boolean;
}

export interface CreateOptions extends AccountOption, KeyFields {
  readonly expiresAt?: string;
  readonly provisioning?: boolean;
}

/** `switchyard keys create|list|update|enable|disable|delete`, straight on the database. */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('manage API keys in the database (run on the gateway machine)');
  const leaf = (name: string, description: string): Command =>
    withStoreOptions(keys.command(name).description(description)).option('--account <id>', "account owning the keys (default: the gateway's own, acct_default)");
  const actions = () => import('./keys-actions.js');
  limitOptions(leaf('create', 'create a key; prints its secret (shown only this once) on stdout'))
    .requiredOption('--name <name>', 'what the key is for')
    .option('--expires-at <time>', 'ISO 8601 UTC time after which the key stops working, e.g. 2027-01-01T00:00:00Z')
    .option('--provisioning', 'a management key (for /keys and other admin APIs) instead of an inference key')
    .option('--json', 'print the key as JSON (with its secret)')
    .action(async (options: CreateOptions) => (await actions()).createKey(options, processOutput));
  leaf('list', 'list the keys with their limits and usage')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: AccountOption) => (await actions()).listKeys(options, processOutput));
  limitOptions(leaf('update', 'change a key (give its hash, a hash prefix, its id or its secret)').argument('<key>').option('--name <name>', 'new name')).action(
    async (ref: string, options: AccountOption & KeyFields) => (await actions()).updateKey(ref, options, fieldsUpdate(options), processOutput),
  );
  leaf('disable', 'stop a key from authenticating (it stays listed)')
    .argument('<key>')
    .action(async (ref: string, options: AccountOption) => (await actions()).updateKey(ref, options, { disabled: true }, processOutput));
  leaf('enable', 'let a disabled key authenticate again')
    .argument('<key>')
    .action(async (ref: string, options: AccountOption) => (await actions()).updateKey(ref, options, { disabled: false }, processOutput));
  leaf('delete', 'delete a key for good (its secret can never be used again)')
    .argument('<key>')
    .action(async (ref: string, options: AccountOption) => (await actions()).deleteKey(ref, options, processOutput));
}

function limitOptions(command: Command): Command {
  return command
    .option('--limit <usd>', 'spend limit in USD ("none": no limit)')
    .addOption(new Option('--limit-reset <window>', 'when the limit resets ("none": never)').choices(['daily', 'weekly', 'monthly', 'none']))
    .option('--include-byok-in-limit', 'count requests served with your own provider keys against the limit')
    .option('--no-include-byok-in-limit', 'do not count them (the default for new keys)');
}

/** The options as the `/keys` API's JSON fields, so the API's validation applies unchanged. */
export function fieldsUpdate(options: KeyFields): Record<string, unknown> {
  return {
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.limit === undefined ? {} : { limit: options.limit === 'none' ? null : usdNumber(options.limit) }),
    ...(options.limitReset === undefined ? {} : { limit_reset: options.limitReset === 'none' ? null : options.limitReset }),
    ...(options.includeByokInLimit === undefined ? {} : { include_byok_in_limit: options.includeByokInLimit }),
  };
}

function usdNumber(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) throw new UsageError(`--limit: "${text}" is not an amount of USD (e.g. 25 or 12.50), or "none"`);
  return Number(text);
}
