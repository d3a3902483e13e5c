import type { LedgerEntry } from '@switchyard/core';

/** What a top-up asks of the payment provider. */
export interface TopUpRequest {
  readonly accountId: string;
  readonly amountMicro: number;
  readonly idempotencyKey: string;
}

/**
 * The hook a payment integration plugs into. `authorize` runs before a top-up is written: throw a
 * `GatewayError` (e.g. 402) to refuse it. `recorded` runs after the entry is stored (receipts,
 * webhooks). A provider that takes payments itself (checkout, webhook) posts top-ups through
 * `POST /api/v1/admin/credits` or the ledger port with the payment's id as idempotency key.
 */
export interface PaymentProvider {
  readonly name: string;
  authorize(request: TopUpRequest): Promise<void>;
  recorded(entry: LedgerEntry): Promise<void>;
}

/** The default: operator top-ups need no payment. */
export const noPaymentProvider: PaymentProvider = {
  name: 'none',
  authorize: () => Promise.resolve(),
  recorded: () => Promise.resolve(),
};
