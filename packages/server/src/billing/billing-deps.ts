import type { AccountRepository, LedgerRepository } from '@switchyard/core';
import type { CreditsSettings } from './credits-config.js';
import type { PaymentProvider } from './payment-provider.js';

/** What the credit routes need: the ledger, accounts (to 404 unknown ones), settings and the payment hook. */
export interface BillingDeps {
  readonly ledger: LedgerRepository;
  readonly accounts: Pick<AccountRepository, 'get'>;
  readonly settings: CreditsSettings;
  readonly payments: PaymentProvider;
}
