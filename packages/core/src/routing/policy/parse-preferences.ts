import { parseUsdPrice } from '../../billing/pricing.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { Cutoffs, MaxPrice, ProviderPreferences, SortKey, SortSpec } from './preferences.js';

/** A 400 that names the field, e.g. `provider.sort: expected one of price, throughput, latency, exacto`. */
export function invalidField(field: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${field}: ${message}`, { metadata: { field } });
}

const SORT_KEYS: readonly SortKey[] = ['price', 'throughput', 'latency', 'exacto'];
const QUANTIZATIONS = ['int4', 'int8', 'fp4', 'mxfp4', 'nvfp4', 'fp6', 'fp8', 'mxfp8', 'fp16', 'bf16', 'fp32', 'unknown'];
const PERCENTILES = ['p50', 'p75', 'p90', 'p99'] as const;
const PRICE_FIELDS = ['prompt', 'completion', 'request', 'image', 'audio'] as const;

type FieldParser = (value: unknown, field: string) => unknown;

/** The spec's ProviderPreferences (additionalProperties: false): request field → parsed field. */
const FIELDS: Readonly<Record<string, readonly [keyof ProviderPreferences, FieldParser]>> = {
  order: ['order', (v, f) => stringList(v, f)],
  allow_fallbacks: ['allowFallbacks', (v, f) => bool(v, f)],
  only: ['only', (v, f) => stringList(v, f)],
  ignore: ['ignore', (v, f) => stringList(v, f)],
  require_parameters: ['requireParameters', (v, f) => bool(v, f)],
  data_collection: ['dataCollection', (v, f) => oneOf(v, f, ['allow', 'deny'] as const)],
  zdr: ['zdr', (v, f) => bool(v, f)],
  quantizations: ['quantizations', (v, f) => quantizations(v, f)],
  sort: ['sort', (v, f) => sort(v, f)],
  max_price: ['maxPrice', (v, f) => maxPrice(v, f)],
  preferred_min_throughput: ['preferredMinThroughput', (v, f) => cutoffs(v, f)],
  preferred_max_latency: ['preferredMaxLatency', (v, f) => cutoffs(v, f)],
};

/**
 * Strict parse of a `provider` object (request body or config). Unknown fields and wrong types are
 * a 400 naming the field. `null` means "not set", as in the spec. `enforce_distillable_text: true`
 * is refused: the catalog has no distillation permissions to enforce it with.
 */
export function parseProviderPreferences(value: unknown, field = 'provider'): ProviderPreferences {
  if (value === null || value === undefined) return {};
  const record = object(value, field);
  const parsed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    const at = `${field}.${key}`;
    if (key === 'enforce_distillable_text') {
      if (bool(raw, at) === true) throw invalidField(at, 'not supported: the catalog records no distillation permissions');
      continue;
    }
    const entry = FIELDS[key];
    if (entry === undefined) throw invalidField(at, `unknown field (allowed: ${[...Object.keys(FIELDS), 'enforce_distillable_text'].join(', ')})`);
    if (raw === null) continue;
    parsed[entry[0]] = entry[1](raw, at);
  }
  return parsed as ProviderPreferences;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField(field, 'expected an object');
  return value as Record<string, unknown>;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalidField(field, 'expected a boolean');
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalidField(field, 'expected an array of provider slugs or names');
  return value.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') throw invalidField(`${field}[${index}]`, 'expected a provider slug or name');
    return item.trim();
  });
}

function quantizations(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalidField(field, `expected an array of ${QUANTIZATIONS.join(', ')}`);
  return value.map((item, index) => oneOf(item, `${field}[${index}]`, QUANTIZATIONS));
}

function sort(value: unknown, field: string): SortSpec | undefined {
  if (typeof value === 'string') return { by: oneOf(value, field, SORT_KEYS), partition: 'model' };
  const record = object(value, field);
  for (const key of Object.keys(record)) {
    if (key !== 'by' && key !== 'partition') throw invalidField(`${field}.${key}`, 'unknown field (allowed: by, partition)');
  }
  const partition = record['partition'] == null ? 'model' : oneOf(record['partition'], `${field}.partition`, ['model', 'none'] as const);
  if (record['by'] == null) return undefined;
  return { by: oneOf(record['by'], `${field}.by`, SORT_KEYS), partition };
}

function maxPrice(value: unknown, field: string): MaxPrice {
  const record = object(value, field);
  const out: Record<string, bigint> = {};
  for (const [key, raw] of Object.entries(record)) {
    const at = `${field}.${key}`;
    if (!(PRICE_FIELDS as readonly string[]).includes(key)) throw invalidField(at, `unknown field (allowed: ${PRICE_FIELDS.join(', ')})`);
    if (raw === null) continue;
    out[key] = usd(raw, at);
  }
  return out;
}

/** A non-negative USD amount, as a number or a decimal string, in picodollars. */
function usd(value: unknown, field: string): bigint {
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) text = value.toFixed(12);
  else if (typeof value === 'string') text = value;
  else throw invalidField(field, 'expected a non-negative number of USD');
  try {
    return parseUsdPrice(text);
  } catch {
    throw invalidField(field, `"${text}" is not a non-negative decimal amount of USD`);
  }
}

function cutoffs(value: unknown, field: string): Cutoffs | undefined {
  if (typeof value === 'number') return { p50: nonNegative(value, field) };
  const record = object(value, field);
  const out: Record<string, number> = {};
  for (const [key, raw] of Object.entries(record)) {
    const at = `${field}.${key}`;
    if (!(PERCENTILES as readonly string[]).includes(key)) throw invalidField(at, 'unknown field (allowed: p50, p75, p90, p99)');
    if (raw === null) continue;
    out[key] = nonNegative(raw, at);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidField(field, 'expected a non-negative number');
  return value;
}
