import type { ApiKeyRecord, KeySpend, MicroUsd } from '@switchyard/core';

/** The key's ledger spend in its limit window: what the ledger's `key_spend` counter reserves against. */
export function spendInLimitWindow(key: ApiKeyRecord, spend: KeySpend): MicroUsd {
  switch (key.limitReset) {
    case 'daily':
      return spend.daily;
    case 'weekly':
      return spend.weekly;
    case 'monthly':
      return spend.monthly;
    default:
      return spend.total;
  }
}

/**
 * What the key can still reserve in its current window (null: no limit), as the ledger's reserve
 * sees it: the limit less the window's charges as counted toward the limit (BYOK valued in when
 * `include_byok_in_limit`, by settle) and less the holds of requests still in flight.
 */
export function keyLimitRemaining(key: ApiKeyRecord, spend: KeySpend): MicroUsd | null {
  if (key.limitMicro === null) return null;
  return Math.max(0, key.limitMicro - spendInLimitWindow(key, spend) - spend.reservedMicro);
}
