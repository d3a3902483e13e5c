import { invalidField, parseUsdPrice } from '@switchyard/core';
import { MODEL_CATEGORIES, type ModelCategory } from './model-categories.js';

/**
 * OpenRouter's query filters on `GET /models`, `/models/count` and `/models/user` (spec operation
 * `getModels`), parsed and validated. Pure: `select-models.ts` applies the result to the catalog.
 */

/** Output modalities OpenRouter knows (architecture.output_modalities); `all` skips the filter. */
export const OUTPUT_MODALITIES = ['text', 'image', 'audio', 'embeddings', 'video', 'rerank', 'speech', 'transcription'] as const;
export const INPUT_MODALITIES = ['text', 'image', 'file', 'audio', 'video'] as const;

/** The `sort` values the gateway can compute (throughput and latency from its own endpoint stats). */
export const MODEL_SORTS = ['pricing-low-to-high', 'pricing-high-to-low', 'context-high-to-low', 'newest', 'throughput-high-to-low', 'latency-low-to-high'] as const;
export type ModelSort = (typeof MODEL_SORTS)[number];

/** Spec `sort` values that need data the gateway does not have: a 400 rather than a silently wrong order. */
const UNSUPPORTED_SORTS: Readonly<Record<string, string>> = {
  'most-popular': 'it keeps no usage rankings',
  'top-weekly': 'it keeps no usage rankings',
  'intelligence-high-to-low': 'it has no Artificial Analysis scores',
  'coding-high-to-low': 'it has no Artificial Analysis scores',
  'agentic-high-to-low': 'it has no Artificial Analysis scores',
  'design-arena-elo-high-to-low': 'it has no Design Arena scores',
};

/** Spec filters that need data the gateway does not have: a 400 rather than an unfiltered list. */
const UNSUPPORTED_FILTERS: Readonly<Record<string, string>> = {
  distillable: 'the catalog has no distillation data',
  region: 'the catalog has no data regions',
  use_rss: 'RSS feeds are not served',
  min_intelligence_index: 'the catalog has no Artificial Analysis scores',
  max_intelligence_index: 'the catalog has no Artificial Analysis scores',
  min_coding_index: 'the catalog has no Artificial Analysis scores',
  max_coding_index: 'the catalog has no Artificial Analysis scores',
  min_agentic_index: 'the catalog has no Artificial Analysis scores',
  max_agentic_index: 'the catalog has no Artificial Analysis scores',
  min_tool_success_rate: 'the gateway keeps no tool-calling statistics',
  max_tool_success_rate: 'the gateway keeps no tool-calling statistics',
};

/** Picodollars per 1M tokens (the query's USD per 1M tokens, exact). */
export interface PriceRange {
  readonly min: bigint | undefined;
  readonly max: bigint | undefined;
}

export interface ModelQuery {
  /** Any of these (lowercase); `all` keeps every model. Default `text`. */
  readonly outputModalities: readonly string[] | 'all';
  /** All of these. */
  readonly inputModalities: readonly string[];
  /** All of these. */
  readonly supportedParameters: readonly string[];
  /** Lowercase words of `q`; each must occur in the id or the name. */
  readonly terms: readonly string[];
  readonly minContext: number | undefined;
  readonly promptPrice: PriceRange;
  readonly completionPrice: PriceRange;
  /** `arch`: the tokenizer family (architecture.tokenizer), lowercase. */
  readonly arch: string | undefined;
  /** Any of these author slugs (lowercase). */
  readonly authors: readonly string[];
  /** Any of these provider slugs or names (lowercase). */
  readonly providers: readonly string[];
  readonly zdr: boolean;
  readonly category: ModelCategory | undefined;
  readonly minAgeDays: number | undefined;
  readonly maxAgeDays: number | undefined;
  readonly sort: ModelSort | undefined;
  /** undefined: the whole list (both `offset` and `limit` omitted, as the spec says). */
  readonly page: { readonly offset: number; readonly limit: number } | undefined;
}

/** Query string values by name, as Hono's `c.req.queries()` gives them. */
export type QueryParams = Readonly<Record<string, readonly string[] | undefined>>;

export function parseModelQuery(params: QueryParams): ModelQuery {
  rejectUnsupported(params);
  return {
    outputModalities: parseOutputModalities(csv(params, 'output_modalities')),
    inputModalities: csv(params, 'input_modalities')?.map((value) => oneOf('input_modalities', value, INPUT_MODALITIES)) ?? [],
    supportedParameters: csv(params, 'supported_parameters') ?? [],
    terms: (single(params, 'q') ?? '').toLowerCase().split(/\s+/).filter((term) => term !== ''),
    minContext: integer(params, 'context', 1),
    promptPrice: { min: price(params, 'min_price'), max: price(params, 'max_price') },
    completionPrice: { min: price(params, 'min_output_price'), max: price(params, 'max_output_price') },
    arch: single(params, 'arch')?.toLowerCase(),
    authors: csv(params, 'model_authors')?.map((value) => value.toLowerCase()) ?? [],
    providers: csv(params, 'providers')?.map((value) => value.toLowerCase()) ?? [],
    zdr: parseZdr(single(params, 'zdr')),
    category: optional(single(params, 'category'), (value) => oneOf('category', value, MODEL_CATEGORIES)),
    minAgeDays: integer(params, 'min_age_days', 0),
    maxAgeDays: integer(params, 'max_age_days', 0),
    sort: optional(single(params, 'sort'), parseSort),
    page: parsePage(params),
  };
}

function rejectUnsupported(params: QueryParams): void {
  for (const [field, reason] of Object.entries(UNSUPPORTED_FILTERS)) {
    const value = single(params, field);
    // `use_rss=false` asks for what is served anyway (JSON).
    if (value === undefined || (field === 'use_rss' && value === 'false')) continue;
    throw invalidField(field, `not supported by this gateway (${reason})`);
  }
}

/** The first non-empty value of a parameter; an empty value counts as absent. */
function single(params: QueryParams, name: string): string | undefined {
  const value = params[name]?.find((entry) => entry.trim() !== '');
  return value?.trim();
}

/** A comma-separated list (repeated parameters are joined); undefined when absent or empty. */
function csv(params: QueryParams, name: string): string[] | undefined {
  const values = (params[name] ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
  return values.length === 0 ? undefined : values;
}

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((entry) => entry === value.toLowerCase());
  if (found === undefined) throw invalidField(field, `unknown value "${value}" (allowed: ${allowed.join(', ')})`);
  return found;
}

function parseOutputModalities(values: readonly string[] | undefined): readonly string[] | 'all' {
  if (values === undefined) return ['text'];
  if (values.some((value) => value.toLowerCase() === 'all')) return 'all';
  return values.map((value) => oneOf('output_modalities', value, OUTPUT_MODALITIES));
}

function parseZdr(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value.toLowerCase() !== 'true') throw invalidField('zdr', `unknown value "${value}" (allowed: true)`);
  return true;
}

function parseSort(value: string): ModelSort {
  const reason = UNSUPPORTED_SORTS[value.toLowerCase()];
  if (reason !== undefined) {
    throw invalidField('sort', `"${value}" is not supported by this gateway (${reason}); supported: ${MODEL_SORTS.join(', ')}`);
  }
  return oneOf('sort', value, MODEL_SORTS);
}

function integer(params: QueryParams, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = single(params, field);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${String(min)} or more` : `from ${String(min)} to ${String(max)}`;
    throw invalidField(field, `expected an integer ${range}, got "${value}"`);
  }
  return parsed;
}

const MAX_PRICE = 1_000_000_000;

/** USD per 1M tokens (a non-negative decimal, or a number in exponent form) → picodollars per 1M tokens. */
function price(params: QueryParams, field: string): bigint | undefined {
  const value = single(params, field);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > MAX_PRICE || !/^[\d.eE+-]+$/.test(value)) {
    throw invalidField(field, `expected a number of USD per 1M tokens from 0 to ${String(MAX_PRICE)}, got "${value}"`);
  }
  // Exact when written as a plain decimal of at most 12 places (picodollars); otherwise rounded to them.
  return parseUsdPrice(/^\d+(\.\d{1,12})?$/.test(value) ? value : number.toFixed(12));
}

function parsePage(params: QueryParams): ModelQuery['page'] {
  const offset = integer(params, 'offset', 0);
  const limit = integer(params, 'limit', 1, 1000);
  if (offset === undefined && limit === undefined) return undefined;
  return { offset: offset ?? 0, limit: limit ?? 500 };
}
