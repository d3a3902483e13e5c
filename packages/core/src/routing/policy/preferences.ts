/**
 * OpenRouter's `provider` routing preferences (OPENROUTER_API.md §3.4), parsed. One layer is what a
 * request, an account default or a key override says; `RoutingPreferences` is the merged result the
 * policy reads.
 */

import type { ZdrModelGroup } from '../../ports/guardrails.js';

/** `exacto`: quality first (success rate, then throughput); see strategy.ts. */
export type SortKey = 'price' | 'throughput' | 'latency' | 'exacto';

export interface SortSpec {
  readonly by: SortKey;
  /** `model` (default): sort inside each model, fallbacks stay fallbacks; `none`: sort all endpoints together. */
  readonly partition: 'model' | 'none';
}

/** Percentile cut-offs; a plain number in the request means `{ p50: n }`. */
export interface Cutoffs {
  readonly p50?: number;
  readonly p75?: number;
  readonly p90?: number;
  readonly p99?: number;
}

/**
 * Ceilings in integer picodollars: `prompt`/`completion` per million tokens, `request` per request,
 * `image` per image, `audio` per audio unit (no endpoint has an audio price, so it never excludes one).
 */
export interface MaxPrice {
  readonly prompt?: bigint;
  readonly completion?: bigint;
  readonly request?: bigint;
  readonly image?: bigint;
  readonly audio?: bigint;
}

export type DataCollection = 'allow' | 'deny';

/** One layer of preferences, as given (absent fields say nothing). */
export interface ProviderPreferences {
  readonly order?: readonly string[];
  readonly allowFallbacks?: boolean;
  readonly only?: readonly string[];
  readonly ignore?: readonly string[];
  readonly requireParameters?: boolean;
  readonly dataCollection?: DataCollection;
  readonly zdr?: boolean;
  readonly quantizations?: readonly string[];
  readonly sort?: SortSpec;
  readonly maxPrice?: MaxPrice;
  readonly preferredMinThroughput?: Cutoffs;
  readonly preferredMaxLatency?: Cutoffs;
  /** Guardrail layers only (a request's `provider` has no such field): the models allowed (ids or canonical slugs). */
  readonly allowedModels?: readonly string[];
  /** Guardrail layers only: models never used. */
  readonly ignoredModels?: readonly string[];
  /** Guardrail layers only: model groups (by author) that may only use zero-data-retention endpoints. */
  readonly zdrModelGroups?: readonly ZdrModelGroup[];
}

/** The effective preferences for one request, after merging the layers. */
export interface RoutingPreferences {
  readonly order: readonly string[] | undefined;
  readonly allowFallbacks: boolean;
  /** Every list must admit the provider (account `only` ∩ key `only` ∩ request `only`). */
  readonly only: readonly (readonly string[])[];
  readonly ignore: readonly string[];
  readonly requireParameters: boolean;
  readonly dataCollection: DataCollection;
  readonly zdr: boolean;
  readonly quantizations: readonly string[] | undefined;
  readonly sort: SortSpec | undefined;
  readonly maxPrice: MaxPrice;
  readonly preferredMinThroughput: Cutoffs | undefined;
  readonly preferredMaxLatency: Cutoffs | undefined;
  /** Every list must admit the model (guardrail `allowed_models` ∩ …). */
  readonly allowedModels: readonly (readonly string[])[];
  readonly ignoredModels: readonly string[];
  readonly zdrModelGroups: readonly ZdrModelGroup[];
}

export const NO_PREFERENCES: RoutingPreferences = {
  order: undefined,
  allowFallbacks: true,
  only: [],
  ignore: [],
  requireParameters: false,
  dataCollection: 'allow',
  zdr: false,
  quantizations: undefined,
  sort: undefined,
  maxPrice: {},
  preferredMinThroughput: undefined,
  preferredMaxLatency: undefined,
  allowedModels: [],
  ignoredModels: [],
  zdrModelGroups: [],
};

/**
 * Merges layers, lowest priority first (account defaults, key overrides, the request). A later
 * layer replaces a field, except: `only` lists intersect (all must admit a provider), `ignore`
 * lists add up, and `zdr` and `data_collection: "deny"` only tighten (a request cannot loosen an
 * account's privacy setting). `max_price` merges per field. The guardrail fields narrow the same
 * way: `allowedModels` lists intersect, `ignoredModels` and `zdrModelGroups` add up.
 */
export function mergePreferences(layers: readonly (ProviderPreferences | undefined)[]): RoutingPreferences {
  let merged: RoutingPreferences = NO_PREFERENCES;
  for (const layer of layers) {
    if (layer === undefined) continue;
    merged = {
      order: layer.order ?? merged.order,
      allowFallbacks: layer.allowFallbacks ?? merged.allowFallbacks,
      only: layer.only === undefined ? merged.only : [...merged.only, layer.only],
      ignore: [...merged.ignore, ...(layer.ignore ?? [])],
      requireParameters: layer.requireParameters ?? merged.requireParameters,
      dataCollection: merged.dataCollection === 'deny' ? 'deny' : (layer.dataCollection ?? merged.dataCollection),
      zdr: merged.zdr || layer.zdr === true,
      quantizations: layer.quantizations ?? merged.quantizations,
      sort: layer.sort ?? merged.sort,
      maxPrice: { ...merged.maxPrice, ...layer.maxPrice },
      preferredMinThroughput: layer.preferredMinThroughput ?? merged.preferredMinThroughput,
      preferredMaxLatency: layer.preferredMaxLatency ?? merged.preferredMaxLatency,
      allowedModels: layer.allowedModels === undefined ? merged.allowedModels : [...merged.allowedModels, layer.allowedModels],
      ignoredModels: [...merged.ignoredModels, ...(layer.ignoredModels ?? [])],
      zdrModelGroups: [...merged.zdrModelGroups, ...(layer.zdrModelGroups ?? [])],
    };
  }
  return merged;
}
