import type { ApiKeyRecord, KeySpend } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { keyLimitRemaining } from './key-remaining.js';
import { keyLimitWindow, windowStart } from './limit-window.js';

describe('windowStart (UTC; weeks start Monday)', () => {
  it.each([
    ['daily', '2025-04-02T23:59:59.999Z', '2025-04-02T00:00:00.000Z'],
    ['weekly', '2025-04-02T10:00:00.000Z', '2025-03-31T00:00:00.000Z'],
    ['weekly', '2025-04-06T23:59:59.999Z', '2025-03-31T00:00:00.000Z'],
    ['weekly', '2025-04-07T00:00:00.000Z', '2025-04-07T00:00:00.000Z'],
    ['monthly', '2025-04-30T23:00:00.000Z', '2025-04-01T00:00:00.000Z'],
  ] as const)('%s at %s starts %s', (reset, now, start) => {
    expect(windowStart(reset, new Date(now))).toBe(Date.parse(start));
  });

  it('is 0 for a limit that never resets', () => {
    expect(windowStart(null, new Date())).toBe(0);
  });
});

const key = (overrides: Partial<ApiKeyRecord>) => ({ limitMicro: null, limitReset: null, includeByokInLimit: false, ...overrides }) as ApiKeyRecord;
const SPEND: KeySpend = { total: 1000, daily: 10, weekly: 100, monthly: 500, reservedMicro: 50 };

describe('key limits', () => {
  it('has no window or remainder without a limit', () => {
    expect(keyLimitWindow(key({}), new Date())).toBeNull();
    expect(keyLimitRemaining(key({}), SPEND)).toBeNull();
  });

  it("subtracts the ledger's spend in the limit window and in-flight holds, never below 0", () => {
    const now = new Date('2025-04-02T10:00:00.000Z');
    expect(keyLimitWindow(key({ limitMicro: 900, limitReset: 'weekly' }), now)).toEqual({ limitMicro: 900, reset: 'weekly', windowStartMs: Date.parse('2025-03-31T00:00:00.000Z') });
    expect(keyLimitRemaining(key({ limitMicro: 900, limitReset: 'weekly' }), SPEND)).toBe(750);
    expect(keyLimitRemaining(key({ limitMicro: 900, limitReset: 'daily', includeByokInLimit: true }), SPEND)).toBe(840);
    expect(keyLimitRemaining(key({ limitMicro: 900, limitReset: 'monthly' }), SPEND)).toBe(350);
    expect(keyLimitRemaining(key({ limitMicro: 900 }), SPEND)).toBe(0);
  });
});
