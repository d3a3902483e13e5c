import type { ApiKeyRecord, KeyLimitWindow, LimitReset } from '@switchyard/core';

const DAY_MS = 86_400_000;

/** Start (epoch ms) of the UTC window containing `now`: midnight, Monday midnight, the 1st; 0 for a limit that never resets. */
export function windowStart(reset: LimitReset | null, now: Date): number {
  if (reset === null) return 0;
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  if (reset === 'monthly') return Date.UTC(year, month, 1);
  const day = Date.UTC(year, month, now.getUTCDate());
  return reset === 'daily' ? day : day - ((now.getUTCDay() + 6) % 7) * DAY_MS;
}

/** The key's spend limit in its current window, or null when it has none. */
export function keyLimitWindow(key: ApiKeyRecord, now: Date): KeyLimitWindow | null {
  if (key.limitMicro === null) return null;
  return { limitMicro: key.limitMicro, reset: key.limitReset, windowStartMs: windowStart(key.limitReset, now) };
}
