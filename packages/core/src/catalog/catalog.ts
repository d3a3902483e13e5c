import type { Pricing, PricingStrings } from '../billing/pricing.js';

export interface DataPolicy {
  readonly training: boolean;
  readonly retainsPrompts: boolean;
  readonly zdr: boolean;
}

/** One way to serve a model: a provider, its model name there, and its prices. */
export interface Endpoint {
  /** Stable id: "<model id>@<provider id>". */
  readonly id: string;
  readonly modelId: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly upstreamModel: string;
  readonly pricingStrings: PricingStrings;
  readonly pricing: Pricing;
  readonly contextLength: number;
  readonly maxCompletionTokens: number | null;
  readonly supportedParameters: ReadonlySet<string>;
  readonly quantization: string | null;
  readonly dataPolicy: DataPolicy;
  /**
   * Which of the provider's upstream APIs serves this endpoint when it is not the provider's default
   * (config `api:`), e.g. "responses": OpenAI's Responses API for models that only work there. The
   * executor takes the adapter from `ProviderRuntime.apis`.
   */
  readonly api?: string;
}

export interface ModelEntry {
  /** OpenRouter-style id, e.g. "anthropic/claude-sonnet-4". */
  readonly id: string;
  readonly canonicalSlug: string;
  readonly name: string;
  readonly description: string;
  /** Unix seconds. */
  readonly created: number;
  readonly contextLength: number;
  readonly inputModalities: readonly string[];
  readonly outputModalities: readonly string[];
  readonly tokenizer: string;
  readonly instructType: string | null;
  readonly defaultParameters: Readonly<Record<string, number>> | null;
  readonly huggingFaceId: string | null;
  /** Use-case categories an operator tagged the model with (`GET /models?category=`); none when absent. */
  readonly categories?: readonly string[];
  /** Endpoints whose provider is configured (enabled), in catalog order. */
  readonly endpoints: readonly Endpoint[];
}

export interface Catalog {
  /** Models with at least one endpoint on an enabled provider. */
  readonly models: readonly ModelEntry[];
  get(modelId: string): ModelEntry | undefined;
  /** For a known model whose providers are all disabled: those provider ids (else undefined). */
  disabledProviders(modelId: string): readonly string[] | undefined;
}

export function createCatalog(
  models: readonly ModelEntry[],
  unavailable: ReadonlyMap<string, readonly string[]> = new Map(),
): Catalog {
  const byId = new Map(models.map((model) => [model.id, model]));
  return { models, get: (id) => byId.get(id), disabledProviders: (id) => unavailable.get(id) };
}
