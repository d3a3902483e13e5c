import { createCatalog, parsePricing, type Catalog, type Endpoint, type ModelEntry } from '@switchyard/core';
import { ConfigError } from '../config/config-error.js';
import type { EndpointConfig, ModelConfig } from '../config/config-schema.js';
import type { EnabledProvider, GatewayConfig } from '../config/load-config.js';
import { apisOf } from '../providers-registry.js';

/**
 * The served catalog: every model with at least one endpoint on an enabled provider, with only
 * those endpoints. Prices are parsed once here (decimal strings → integer picodollars).
 */
export function buildCatalog(config: GatewayConfig): Catalog {
  const models: ModelEntry[] = [];
  const unavailable = new Map<string, string[]>();
  const seen = new Set<string>();
  config.models.forEach((model, index) => {
    const field = `models[${index}] (${model.id})`;
    if (seen.has(model.id)) throw new ConfigError(`${field}: the model id is declared twice`);
    seen.add(model.id);
    const endpoints = model.endpoints.flatMap((endpoint, j) =>
      buildEndpoint(config, model, endpoint, `${field}.endpoints[${j}]`),
    );
    if (endpoints.length > 0) models.push(toModelEntry(model, endpoints));
    else unavailable.set(model.id, [...new Set(model.endpoints.map((endpoint) => endpoint.provider))]);
  });
  return createCatalog(models, unavailable);
}

function buildEndpoint(config: GatewayConfig, model: ModelConfig, endpoint: EndpointConfig, field: string): Endpoint[] {
  if (!config.knownProviderIds.has(endpoint.provider)) {
    throw new ConfigError(`${field}.provider: unknown provider "${endpoint.provider}" (declare it under providers)`);
  }
  const provider = config.providers.get(endpoint.provider);
  if (provider === undefined) return [];
  const api = endpointApi(provider, endpoint, field);
  let pricing;
  try {
    pricing = parsePricing(endpoint.pricing);
  } catch (error) {
    throw new ConfigError(`${field}.pricing: ${error instanceof Error ? error.message : String(error)}`);
  }
  return [
    {
      id: `${model.id}@${endpoint.provider}`,
      modelId: model.id,
      providerId: endpoint.provider,
      providerName: provider.settings.name,
      upstreamModel: endpoint.upstream_model,
      pricingStrings: endpoint.pricing,
      pricing,
      contextLength: endpoint.context_length ?? model.context_length,
      maxCompletionTokens: endpoint.max_completion_tokens ?? null,
      supportedParameters: new Set(endpoint.supported_parameters ?? provider.defaultSupportedParameters),
      quantization: endpoint.quantization ?? null,
      dataPolicy: toDataPolicy(endpoint.data_policy ?? provider.dataPolicy),
      ...(api === undefined ? {} : { api }),
    },
  ];
}

/** The endpoint's `api:` when it is not the provider's default; one the provider lacks is a config error. */
function endpointApi(provider: EnabledProvider, endpoint: EndpointConfig, field: string): string | undefined {
  if (endpoint.api === undefined) return undefined;
  const apis = apisOf(provider.kind);
  if (!apis.includes(endpoint.api)) {
    throw new ConfigError(`${field}.api: provider "${endpoint.provider}" (adapter ${provider.kind}) has no "${endpoint.api}" API (it has: ${apis.join(', ')})`);
  }
  return endpoint.api === apis[0] ? undefined : endpoint.api;
}

function toDataPolicy(policy: { training: boolean; retains_prompts: boolean; zdr: boolean }) {
  return { training: policy.training, retainsPrompts: policy.retains_prompts, zdr: policy.zdr };
}

function toModelEntry(model: ModelConfig, endpoints: readonly Endpoint[]): ModelEntry {
  return {
    id: model.id,
    canonicalSlug: model.canonical_slug ?? model.id,
    name: model.name ?? model.id,
    description: model.description ?? '',
    created: model.created ?? 0,
    contextLength: model.context_length,
    inputModalities: model.input_modalities,
    outputModalities: model.output_modalities,
    tokenizer: model.tokenizer,
    instructType: model.instruct_type,
    defaultParameters: model.default_parameters,
    huggingFaceId: model.hugging_face_id,
    categories: model.categories,
    endpoints,
  };
}
