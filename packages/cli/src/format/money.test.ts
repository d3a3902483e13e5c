import { describe, expect, it } from 'vitest';
import { formatCount, formatUsd, perMillionTokens } from './money.js';

describe('formatUsd', () => {
  it.each([
    [0, '$0.00'],
    [1.5, '$1.50'],
    [10, '$10.00'],
    [0.00022, '$0.00022'],
    [0.123456, '$0.123456'],
    [0.0000004, '$0.00'],
    [-2, '-$2.00'],
    [-0.0000001, '$0.00'],
  ])('%s → %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe('perMillionTokens', () => {
  it.each([
    ['0.00000015', '$0.15'],
    ['0.0000006', '$0.60'],
    ['0.000003', '$3.00'],
    ['0.0000000375', '$0.0375'],
    ['0.0000001234567', '$0.1234567'],
    ['15', '$15000000.00'],
    ['0', '$0.00'],
    ['-1', 'varies'],
    ['abc', '?'],
    [undefined, '-'],
  ])('%s → %s', (perToken, text) => {
    expect(perMillionTokens(perToken)).toBe(text);
  });
});

describe('formatCount', () => {
  it('groups thousands; null and undefined are "-"', () => {
    expect(formatCount(128000)).toBe('128,000');
    expect(formatCount(7)).toBe('7');
    expect(formatCount(null)).toBe('-');
    expect(formatCount(undefined)).toBe('-');
  });
});
