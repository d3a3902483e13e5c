const DAY_MS = 86_400_000;

/** Half-open [start, end) windows in epoch milliseconds. */
export interface UsageWindows {
  readonly day: readonly [number, number];
  readonly week: readonly [number, number];
  readonly month: readonly [number, number];
}

/** The UTC calendar day, ISO week (Monday 00:00 UTC) and calendar month containing `now`. */
export function usageWindows(now: Date): UsageWindows {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('usage: now is not a valid Date');
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const dayStart = Date.UTC(year, month, now.getUTCDate());
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  const weekStart = dayStart - daysSinceMonday * DAY_MS;
  return {
    day: [dayStart, dayStart + DAY_MS],
    week: [weekStart, weekStart + 7 * DAY_MS],
    month: [Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1)],
  };
}
