import type { LimitReset, SpendWindow } from '@switchyard/core';

const DAY_MS = 86_400_000;

export interface BudgetWindow {
  /** Half-open [start, end) in epoch ms; undefined: all time (no reset interval). */
  readonly range: SpendWindow | undefined;
  /** When the window ends and the budget starts over; null without a reset interval. */
  readonly resetsAt: Date | null;
}

/**
 * The window a guardrail budget counts spend in: the UTC day, the ISO week (from Monday 00:00 UTC)
 * or the calendar month containing `now`, as key limits reset (OPENROUTER_API.md §6).
 */
export function budgetWindow(interval: LimitReset | null, now: Date): BudgetWindow {
  if (interval === null) return { range: undefined, resetsAt: null };
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const dayStart = Date.UTC(year, month, now.getUTCDate());
  let range: SpendWindow;
  if (interval === 'daily') range = [dayStart, dayStart + DAY_MS];
  else if (interval === 'weekly') {
    const weekStart = dayStart - ((now.getUTCDay() + 6) % 7) * DAY_MS;
    range = [weekStart, weekStart + 7 * DAY_MS];
  } else range = [Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1)];
  return { range, resetsAt: new Date(range[1]) };
}
