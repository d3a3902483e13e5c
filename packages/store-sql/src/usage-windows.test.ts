import { describe, expect, it } from 'vitest';
import { usageWindows } from './usage-windows.js';

const iso = (ms: number): string => new Date(ms).toISOString();

type Span = readonly [string, string];

function windows(now: string): { day: Span; week: Span; month: Span } {
  const w = usageWindows(new Date(now));
  return {
    day: [iso(w.day[0]), iso(w.day[1])],
    week: [iso(w.week[0]), iso(w.week[1])],
    month: [iso(w.month[0]), iso(w.month[1])],
  };
}

describe('usageWindows', () => {
  it.each([
    // [now, day start, week start (Monday), month start, month end]
    ['2025-04-02T10:00:00.000Z', '2025-04-02', '2025-03-31', '2025-04-01', '2025-05-01'],
    ['2025-04-06T23:59:59.999Z', '2025-04-06', '2025-03-31', '2025-04-01', '2025-05-01'], // Sunday
    ['2025-04-07T00:00:00.000Z', '2025-04-07', '2025-04-07', '2025-04-01', '2025-05-01'], // Monday 00:00
    ['2024-02-29T12:00:00.000Z', '2024-02-29', '2024-02-26', '2024-02-01', '2024-03-01'], // leap day
    ['2024-12-31T23:59:59.999Z', '2024-12-31', '2024-12-30', '2024-12-01', '2025-01-01'], // year end
    ['2026-01-01T00:00:00.000Z', '2026-01-01', '2025-12-29', '2026-01-01', '2026-02-01'], // week across years
  ])('%s', (now, day, week, month, monthEnd) => {
    const at = (date: string): string => `${date}T00:00:00.000Z`;
    const next = (date: string, days: number): string => iso(Date.parse(at(date)) + days * 86_400_000);
    expect(windows(now)).toEqual({
      day: [at(day), next(day, 1)],
      week: [at(week), next(week, 7)],
      month: [at(month), at(monthEnd)],
    });
  });

  it('uses UTC whatever the offset written in the input', () => {
    // 2025-04-07T01:30+02:00 is Sunday 23:30 UTC.
    expect(windows('2025-04-07T01:30:00+02:00').week[0]).toBe('2025-03-31T00:00:00.000Z');
  });

  it('rejects an invalid Date', () => {
    expect(() => usageWindows(new Date(Number.NaN))).toThrow(RangeError);
  });
});
