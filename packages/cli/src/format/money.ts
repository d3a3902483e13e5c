const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A USD amount for people: at least 2 decimals, at most 6 (trailing zeros dropped),
 * e.g. 1.5 → "$1.50", 0.00022 → "$0.00022", -2 → "-$2.00".
 */
export function formatUsd(usd: number): string {
  const fixed = Math.abs(usd).toFixed(6);
  const trimmed = fixed.replace(/0{1,4}$/, '');
  const sign = usd < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}$${trimmed}`;
}

/**
 * A per-token price string as the API sends it ("0.00000015") in dollars per million tokens
 * ("$0.15"), computed on the decimal digits so no float rounding shows. Negative prices mean
 * "varies" (OpenRouter's routers) and show as "varies"; anything unparsable as "?".
 */
export function perMillionTokens(perToken: string | undefined): string {
  if (perToken === undefined) return '-';
  const match = DECIMAL.exec(perToken.trim());
  if (match === null) return '?';
  if (match[1] === '-') return 'varies';
  const digits = `${match[2] ?? '0'}${(match[3] ?? '').padEnd(6, '0')}`;
  const split = digits.length - ((match[3] ?? '').length > 6 ? (match[3] ?? '').length - 6 : 0);
  const whole = digits.slice(0, split).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(split).replace(/0+$/, '').padEnd(2, '0');
  return `$${whole === '' ? '0' : whole}.${fraction}`;
}

/** A token count with thousands separators ("128,000"); null or undefined as "-". */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toLocaleString('en-US');
}
