import type { ModelQuery, ModelSort, PriceRange } from './model-query.js';

/** What the `/models` filters and sorts look at, for one listed model (or router). */
export interface ModelFacts {
  readonly id: string;
  readonly name: string;
  /** Unix seconds; 0 when unknown. */
  readonly created: number;
  readonly contextLength: number;
  /** architecture.tokenizer (the model family OpenRouter's `arch` filter names). */
  readonly tokenizer: string;
  readonly inputModalities: readonly string[];
  readonly outputModalities: readonly string[];
  readonly supportedParameters: readonly string[];
  /** The listed price, picodollars per token; undefined when it varies per request (the auto router's "-1"). */
  readonly promptPrice: bigint | undefined;
  readonly completionPrice: bigint | undefined;
  /** Providers serving it (slug and display name). */
  readonly providers: readonly { readonly slug: string; readonly name: string }[];
  /** At least one endpoint has zero data retention. */
  readonly zdr: boolean;
  readonly categories: readonly string[];
  /** Best recent median time to first token (ms) across its endpoints; undefined without data. */
  readonly latencyMs: number | undefined;
  /** Best recent median output tokens/s across its endpoints; undefined without data. */
  readonly throughput: number | undefined;
}

export interface Listed<T> {
  readonly facts: ModelFacts;
  readonly item: T;
}

export interface Selection<T> {
  /** The requested page (or everything) of the matching models, in the requested order. */
  readonly items: readonly T[];
  /** How many models match, whatever the page. */
  readonly total: number;
  /** The offset of the next page, when there is one. */
  readonly nextOffset: number | undefined;
}

type Check = (facts: ModelFacts, query: ModelQuery, nowSeconds: number) => boolean;

const SECONDS_PER_DAY = 86_400;
const MILLION = 1_000_000n;

const lower = (values: readonly string[]) => values.map((value) => value.toLowerCase());

const CHECKS: readonly Check[] = [
  (facts, query) => outputMatches(facts.outputModalities, query.outputModalities),
  (facts, query) => query.inputModalities.every((modality) => lower(facts.inputModalities).includes(modality)),
  (facts, query) => query.supportedParameters.every((name) => facts.supportedParameters.includes(name)),
  (facts, query) => query.terms.every((term) => facts.id.toLowerCase().includes(term) || facts.name.toLowerCase().includes(term)),
  (facts, query) => query.minContext === undefined || facts.contextLength >= query.minContext,
  (facts, query) => inRange(facts.promptPrice, query.promptPrice) && inRange(facts.completionPrice, query.completionPrice),
  (facts, query) => query.arch === undefined || facts.tokenizer.toLowerCase() === query.arch,
  (facts, query) => query.authors.length === 0 || query.authors.includes(authorOf(facts.id)),
  (facts, query) => query.providers.length === 0 || facts.providers.some((p) => query.providers.includes(p.slug.toLowerCase()) || query.providers.includes(p.name.toLowerCase())),
  (facts, query) => !query.zdr || facts.zdr,
  (facts, query) => query.category === undefined || facts.categories.includes(query.category),
  (facts, query, now) => ageInRange(facts.created, now, query),
];

export function matchesModelQuery(facts: ModelFacts, query: ModelQuery, nowSeconds: number): boolean {
  return CHECKS.every((check) => check(facts, query, nowSeconds));
}

/** Filter, then sort (stable: ties keep catalog order), then page. */
export function selectModels<T>(listed: readonly Listed<T>[], query: ModelQuery, nowSeconds: number): Selection<T> {
  const matching = listed.filter((entry) => matchesModelQuery(entry.facts, query, nowSeconds));
  const ordered = query.sort === undefined ? matching : sortModels(matching, query.sort);
  const items = ordered.map((entry) => entry.item);
  if (query.page === undefined) return { items, total: items.length, nextOffset: undefined };
  const end = query.page.offset + query.page.limit;
  return { items: items.slice(query.page.offset, end), total: items.length, nextOffset: end < items.length ? end : undefined };
}

type SortKey = (facts: ModelFacts) => number | bigint | undefined;

/** Ascending key (direction 1) or descending (-1); models without a key (no price, no stats) go last. */
const SORTS: Readonly<Record<ModelSort, { readonly key: SortKey; readonly direction: 1 | -1 }>> = {
  'pricing-low-to-high': { key: totalPrice, direction: 1 },
  'pricing-high-to-low': { key: totalPrice, direction: -1 },
  'context-high-to-low': { key: (facts) => facts.contextLength, direction: -1 },
  newest: { key: (facts) => (facts.created === 0 ? undefined : facts.created), direction: -1 },
  'throughput-high-to-low': { key: (facts) => facts.throughput, direction: -1 },
  'latency-low-to-high': { key: (facts) => facts.latencyMs, direction: 1 },
};

export function sortModels<T>(listed: readonly Listed<T>[], sort: ModelSort): Listed<T>[] {
  const { key, direction } = SORTS[sort];
  return [...listed].sort((a, b) => {
    const left = key(a.facts);
    const right = key(b.facts);
    if (left === undefined || right === undefined) return (left === undefined ? 1 : 0) - (right === undefined ? 1 : 0);
    return left < right ? -direction : left > right ? direction : 0;
  });
}

/** OpenRouter's price sorts use the average of the prompt and completion prices: the sum orders the same. */
function totalPrice(facts: ModelFacts): bigint | undefined {
  if (facts.promptPrice === undefined || facts.completionPrice === undefined) return undefined;
  return facts.promptPrice + facts.completionPrice;
}

/** A per-token price against a range in picodollars per 1M tokens; an unknown price fails any bound. */
function inRange(perToken: bigint | undefined, range: PriceRange): boolean {
  if (range.min === undefined && range.max === undefined) return true;
  if (perToken === undefined) return false;
  const perMillion = perToken * MILLION;
  return (range.min === undefined || perMillion >= range.min) && (range.max === undefined || perMillion <= range.max);
}

/** Any of the asked output modalities (OpenRouter: `text,image` lists text models and image models). */
function outputMatches(modalities: readonly string[], asked: ModelQuery['outputModalities']): boolean {
  if (asked === 'all') return true;
  return lower(modalities).some((modality) => asked.includes(modality));
}

function authorOf(id: string): string {
  return (id.split('/')[0] ?? '').toLowerCase();
}

/** Age in whole days since `created`; a model with no creation date fails any age bound. */
function ageInRange(created: number, nowSeconds: number, query: ModelQuery): boolean {
  if (query.minAgeDays === undefined && query.maxAgeDays === undefined) return true;
  if (created === 0) return false;
  const days = Math.floor((nowSeconds - created) / SECONDS_PER_DAY);
  return (query.minAgeDays === undefined || days >= query.minAgeDays) && (query.maxAgeDays === undefined || days <= query.maxAgeDays);
}
