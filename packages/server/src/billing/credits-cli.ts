import { GatewayError, microToUsd, type AccountRepository, type LedgerRepository } from '@switchyard/core';
import { parseAdminCreditRequest, sameEntry } from './admin-request.js';
import type { PaymentProvider } from './payment-provider.js';

export const CREDITS_HELP = `Usage: switchyard-credits <command> --account ID [options]

Commands:
  balance                      the account's credits, usage, balance and latest entries
  topup | refund | adjustment  post an entry: --amount USD (adjustments may be negative)
                               --key IDEMPOTENCY_KEY (a replay posts nothing) [--note TEXT]

Options: --config FILE, --data-dir DIR (as for switchyard-server; the same database is used).`;

export interface CreditsCommand {
  readonly command: string | undefined;
  readonly account: string | undefined;
  readonly amount: string | undefined;
  readonly key: string | undefined;
  readonly note: string | undefined;
}

export interface CreditsCliDeps {
  readonly ledger: LedgerRepository;
  readonly accounts: Pick<AccountRepository, 'get'>;
  readonly payments: PaymentProvider;
}

/** Runs one credits command against the store; returns what to print. Refusals are `GatewayError`s. */
export async function runCreditsCommand(deps: CreditsCliDeps, input: CreditsCommand, now: Date): Promise<string> {
  const { command, account } = input;
  if (account === undefined) throw new GatewayError('invalid_request', '--account: Required');
  if ((await deps.accounts.get(account)) === undefined) throw new GatewayError('not_found', `Account ${account} not found`);
  if (command === 'balance') {
    const [balance, entries] = await Promise.all([deps.ledger.balance(account), deps.ledger.entries(account, 20)]);
    const lines = entries.map((e) => `  ${e.createdAt.toISOString()}  ${e.kind.padEnd(10)} ${microToUsd(e.amountMicro).toFixed(6).padStart(14)}  ${e.idempotencyKey}`);
    const usd = (micro: number) => microToUsd(micro).toFixed(6);
    const head = `account ${account}: credits ${usd(balance.totalCreditsMicro)}, usage ${usd(balance.totalUsageMicro)}, balance ${usd(balance.balanceMicro)}, reserved ${usd(balance.reservedMicro)} USD`;
    return [head, ...lines].join('\n');
  }
  if (command !== 'topup' && command !== 'refund' && command !== 'adjustment') {
    throw new GatewayError('invalid_request', `unknown command ${command ?? '(none)'}; expected balance, topup, refund or adjustment`);
  }
  const body = { account_id: account, kind: command, amount: input.amount, idempotency_key: input.key, note: input.note };
  const requested = parseAdminCreditRequest(body, undefined, now);
  if (requested.kind === 'topup') await deps.payments.authorize({ accountId: account, amountMicro: requested.amountMicro, idempotencyKey: requested.idempotencyKey });
  const { entry, created } = await deps.ledger.post(requested);
  if (!sameEntry(entry, requested)) throw new GatewayError('invalid_request', `--key ${requested.idempotencyKey} was already used for a different entry`);
  if (created && entry.kind === 'topup') await deps.payments.recorded(entry);
  const balance = await deps.ledger.balance(account);
  const what = created ? 'posted' : 'already posted (nothing changed)';
  return `${entry.kind} ${microToUsd(entry.amountMicro).toFixed(6)} USD ${what} as ${entry.id}; balance ${microToUsd(balance.balanceMicro).toFixed(6)} USD`;
}
