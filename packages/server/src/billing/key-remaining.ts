import type { ApiKeyRecord, KeyUsage, MicroUsd } from '@switchyard/core';

function inWindow(key: ApiKeyRecord, total: number, daily: number, weekly: number, monthly: number): number {
  switch (key.limitReset) {
    case 'daily':
      return daily;
    case 'weekly':
      return weekly;
    case 'monthly':
      return monthly;
    default:
      return total;
  }
}

/**
 * What the key can still spend in its current window (null: no limit): the limit less the window's
 * spend (BYOK too when `include_byok_in_limit`) and less the holds of requests still in flight.
 */
export function keyLimitRemaining(key: ApiKeyRecord, usage: KeyUsage, reservedMicro: MicroUsd): MicroUsd | null {
  if (key.limitMicro === null) return null;
  const spent = inWindow(key, usage.total, usage.daily, usage.weekly, usage.monthly);
  const byok = key.includeByokInLimit ? inWindow(key, usage.byokTotal, usage.byokDaily, usage.byokWeekly, usage.byokMonthly) : 0;
  return Math.max(0, key.limitMicro - spent - byok - reservedMicro);
}
