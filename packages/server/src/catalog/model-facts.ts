import { parseUsdPrice, type HealthView, type ModelEntry } from '@switchyard/core';
import type { ModelFacts } from './select-models.js';

/** The wire fields of a `GET /models` item the filters read (what the client sees is what it filters on). */
export interface ListedModelFields {
  readonly id: string;
  readonly name: string;
  readonly created: number;
  readonly context_length: number;
  readonly architecture: {
    readonly input_modalities: readonly string[];
    readonly output_modalities: readonly string[];
    readonly tokenizer: string;
  };
  readonly pricing: { readonly prompt?: string | undefined; readonly completion?: string | undefined };
  readonly supported_parameters: readonly string[];
}

/** A catalog model: the listed fields plus its endpoints' providers, data policy and recent stats. */
export function modelFacts(model: ModelEntry, listed: ListedModelFields, health: HealthView): ModelFacts {
  const stats = model.endpoints.map((endpoint) => health.get(endpoint.id));
  const latencies = stats.flatMap((entry) => (entry.latencyLast30m === null ? [] : [entry.latencyLast30m.p50]));
  const throughputs = stats.flatMap((entry) => (entry.throughputLast30m === null ? [] : [entry.throughputLast30m.p50]));
  return {
    ...listedFacts(listed),
    providers: model.endpoints.map((endpoint) => ({ slug: endpoint.providerId, name: endpoint.providerName })),
    zdr: model.endpoints.some((endpoint) => endpoint.dataPolicy.zdr),
    categories: model.categories ?? [],
    latencyMs: latencies.length === 0 ? undefined : Math.min(...latencies),
    throughput: throughputs.length === 0 ? undefined : Math.max(...throughputs),
  };
}

/**
 * A router (`openrouter/auto`, `openrouter/free`): only its listed fields. It has no endpoints of its
 * own, so provider, ZDR and category filters never keep it, and it has no stats.
 */
export function routerFacts(listed: ListedModelFields): ModelFacts {
  return { ...listedFacts(listed), providers: [], zdr: false, categories: [], latencyMs: undefined, throughput: undefined };
}

function listedFacts(listed: ListedModelFields) {
  return {
    id: listed.id,
    name: listed.name,
    created: listed.created,
    contextLength: listed.context_length,
    tokenizer: listed.architecture.tokenizer,
    inputModalities: listed.architecture.input_modalities,
    outputModalities: listed.architecture.output_modalities,
    supportedParameters: listed.supported_parameters,
    promptPrice: listedPrice(listed.pricing.prompt),
    completionPrice: listedPrice(listed.pricing.completion),
  };
}

/** A listed decimal price in picodollars per token; "-1" (varies per request) or absent is unknown. */
function listedPrice(value: string | undefined): bigint | undefined {
  return value !== undefined && /^\d+(\.\d+)?$/.test(value) ? parseUsdPrice(value) : undefined;
}
