import { describe } from 'vitest';
import { describeByok } from './contract/byok.contract.js';
import { describeActivity } from './contract/activity.contract.js';
import { describeGenerations } from './contract/generations.contract.js';
import { describeGuardrails } from './contract/guardrails.contract.js';
import { describeGuardrailBudgetConcurrency, describeGuardrailBudgetLifecycle, describeGuardrailBudgets } from './contract/guardrail-budgets.contract.js';
import { describeKeyChanges, describeKeyDeletion, describeKeyUpdates } from './contract/key-management.contract.js';
import { describeAccounts, describeKeyCrud, describeKeyListing } from './contract/keys.contract.js';
import { describeMigrations, describeTransactions } from './contract/lifecycle.contract.js';
import { describeOAuthCodes } from './contract/oauth-codes.contract.js';
import { describeRecordGenerations } from './contract/record-generations.contract.js';
import { describeOrganizations } from './contract/organizations.contract.js';
import { describeKeyUsage } from './contract/usage.contract.js';
import { describeByokKeyUsage, describeKeyLimits, describeLedgerEntries, describeLedgerHolds, describeReserveConcurrency } from './contract/ledger.contract.js';
import type { StoreFactory } from './contract/fixtures.js';

export type { StoreFactory, StoreHandle } from './contract/fixtures.js';

/**
 * The behaviour every Store implementation must show. `factory` is called once per test and must
 * return a fresh, empty (not yet migrated) store; the suite migrates it and disposes of it.
 */
export function runStoreContract(label: string, factory: StoreFactory): void {
  describe(`Store contract: ${label}`, () => {
    describeAccounts(factory);
    describeKeyCrud(factory);
    describeKeyListing(factory);
    describeKeyUpdates(factory);
    describeKeyDeletion(factory);
    describeKeyChanges(factory);
    describeKeyUsage(factory);
    describeGenerations(factory);
    describeRecordGenerations(factory);
    describeLedgerEntries(factory);
    describeLedgerHolds(factory);
    describeKeyLimits(factory);
    describeByokKeyUsage(factory);
    describeReserveConcurrency(factory);
    describeGuardrailBudgets(factory);
    describeGuardrailBudgetLifecycle(factory);
    describeGuardrailBudgetConcurrency(factory);
    describeTransactions(factory);
    describeMigrations(factory);
    describeOAuthCodes(factory);
    describeGuardrails(factory);
    describeOrganizations(factory);
    describeActivity(factory);
    describeByok(factory);
  });
}
