import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { isAdminToken, parseAdminCreditRequest, parseUsdAmount } from './admin-request.js';
import { creditsSettings } from './credits-config.js';

const AT = new Date('2025-01-01T00:00:00.000Z');

describe('parseUsdAmount', () => {
  it.each([
    [25, 25_000_000],
    ['12.50', 12_500_000],
    [0.000001, 1],
    ['-0.5', -500_000],
    [0.1, 100_000],
  ])('%j → %i µ$', (value, micro) => {
    expect(parseUsdAmount(value, 'amount')).toBe(micro);
  });

  it.each(['0.0000001', '1e3', 1e-7, 'ten', '', null, Number.NaN, '1.'])('rejects %j', (value) => {
    expect(() => parseUsdAmount(value, 'amount')).toThrow(GatewayError);
  });
});

describe('parseAdminCreditRequest', () => {
  it('defaults to a top-up and takes the idempotency key from the header', () => {
    expect(parseAdminCreditRequest({ account_id: 'a', amount: 5 }, 'hdr-1', AT)).toEqual({
      accountId: 'a', kind: 'topup', amountMicro: 5_000_000, idempotencyKey: 'hdr-1', note: null, at: AT,
    });
  });

  it('refuses a missing key or account, unknown kinds and signs that do not fit the kind', () => {
    const parse = (body: unknown) => () => parseAdminCreditRequest(body, undefined, AT);
    expect(parse({ account_id: 'a', amount: 5 })).toThrow(/idempotency_key/);
    expect(parse({ amount: 5, idempotency_key: 'k' })).toThrow(/account_id/);
    expect(parse({ account_id: 'a', amount: 5, idempotency_key: 'k', kind: 'charge' })).toThrow(/kind/);
    expect(parse({ account_id: 'a', amount: -5, idempotency_key: 'k', kind: 'refund' })).toThrow(/positive/);
    expect(parse({ account_id: 'a', amount: 0, idempotency_key: 'k', kind: 'adjustment' })).toThrow(/not be 0/);
    expect(parse([])).toThrow(/JSON object/);
    expect(parse({ account_id: 'a', amount: 5, idempotency_key: 'gen-1732363200-abc' })).toThrow(/generation ids/);
    expect(parseAdminCreditRequest({ account_id: 'a', amount: '-2', idempotency_key: 'k', kind: 'adjustment', note: 'n' }, undefined, AT)).toMatchObject({ amountMicro: -2_000_000, note: 'n' });
  });
});

describe('admin token', () => {
  const token = 'a'.repeat(40);
  it('matches only the exact bearer token', () => {
    expect(isAdminToken(`Bearer ${token}`, token)).toBe(true);
    expect(isAdminToken(`bearer  ${token} `, token)).toBe(true);
    expect(isAdminToken(`Bearer ${token}x`, token)).toBe(false);
    expect(isAdminToken(token, token)).toBe(false);
    expect(isAdminToken(undefined, token)).toBe(false);
  });

  it('is read from SWITCHYARD_ADMIN_TOKEN, refused when short, and credits default to not enforced', () => {
    expect(creditsSettings(undefined, {})).toEqual({ enforce: false, holdTtlMs: 900_000, sweepIntervalMs: 60_000, adminToken: undefined });
    expect(creditsSettings({ enforce: true }, { SWITCHYARD_ADMIN_TOKEN: token }).adminToken).toBe(token);
    expect(() => creditsSettings(undefined, { SWITCHYARD_ADMIN_TOKEN: 'short' })).toThrow(/at least 32/);
  });
});
