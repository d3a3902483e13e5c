import {
  formatUsdPrice,
  parseUsdPrice,
  type Endpoint,
  type EndpointHealth,
  type HealthView,
  type ModelEntry,
  type PricingStrings,
} from '@switchyard/core';

const QUANTIZATIONS = new Set(['int4', 'int8', 'fp4', 'mxfp4', 'nvfp4', 'fp6', 'fp8', 'mxfp8', 'fp16', 'bf16', 'fp32', 'unknown']);

/** Prices as decimal strings in their canonical (shortest) form; absent optional prices are left out. */
export function presentPricing(pricing: PricingStrings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(pricing)) {
    if (typeof value === 'string') out[key] = formatUsdPrice(parseUsdPrice(value));
  }
  out['request'] ??= '0';
  out['image'] ??= '0';
  return out;
}

function modality(model: ModelEntry): string {
  return `${model.inputModalities.join('+')}->${model.outputModalities.join('+')}`;
}

export function presentArchitecture(model: ModelEntry) {
  return {
    modality: modality(model),
    input_modalities: model.inputModalities,
    output_modalities: model.outputModalities,
    tokenizer: model.tokenizer,
    instruct_type: model.instructType,
  };
}

/** The model's first (top) endpoint: what OpenRouter shows as the model's own price and limits. */
function topEndpoint(model: ModelEntry): Endpoint {
  const first = model.endpoints[0];
  if (first === undefined) throw new Error(`model ${model.id} has no endpoint`);
  return model.endpoints.reduce((best, endpoint) => (endpoint.contextLength > best.contextLength ? endpoint : best), first);
}

function supportedParameters(model: ModelEntry): string[] {
  const union = new Set<string>();
  for (const endpoint of model.endpoints) for (const name of endpoint.supportedParameters) union.add(name);
  return [...union].sort();
}

/** `GET /api/v1/models` item (spec: Model). */
export function presentModel(model: ModelEntry) {
  const top = topEndpoint(model);
  const cheapest = [...model.endpoints].sort((a, b) => Number(a.pricing.prompt + a.pricing.completion - (b.pricing.prompt + b.pricing.completion)))[0] ?? top;
  return {
    id: model.id,
    canonical_slug: model.canonicalSlug,
    hugging_face_id: model.huggingFaceId,
    name: model.name,
    created: model.created,
    description: model.description,
    context_length: model.contextLength,
    architecture: presentArchitecture(model),
    pricing: presentPricing(cheapest.pricingStrings),
    top_provider: {
      context_length: top.contextLength,
      max_completion_tokens: top.maxCompletionTokens,
      is_moderated: false,
    },
    per_request_limits: null,
    supported_parameters: supportedParameters(model),
    default_parameters: model.defaultParameters,
    supported_voices: null,
    expiration_date: null,
    knowledge_cutoff: null,
    links: { details: `/api/v1/models/${model.id}/endpoints` },
  };
}

/**
 * `status` (spec: EndpointStatus; OpenRouter does not document the negative values): 0 normal,
 * -1 recently failing (significant failures in the last 30 s; routed to last), -2 circuit breaker
 * half-open (one probe at a time), -3 circuit breaker open (not routed to).
 */
export function endpointStatus(health: EndpointHealth): 0 | -1 | -2 | -3 {
  if (health.breaker === 'open') return -3;
  if (health.breaker === 'half-open') return -2;
  return health.recentlyFailing ? -1 : 0;
}

/** `PublicEndpoint`: the endpoint with its health. Latency is time to first token in ms; throughput is output tokens/s. */
export function presentEndpoint(model: ModelEntry, endpoint: Endpoint, health: EndpointHealth) {
  return {
    name: `${endpoint.providerName} | ${model.id}`,
    model_id: model.id,
    model_name: model.name,
    context_length: endpoint.contextLength,
    pricing: presentPricing(endpoint.pricingStrings),
    provider_name: endpoint.providerName,
    tag: endpoint.providerId,
    quantization: endpoint.quantization === null ? null : QUANTIZATIONS.has(endpoint.quantization) ? endpoint.quantization : 'unknown',
    max_completion_tokens: endpoint.maxCompletionTokens,
    max_prompt_tokens: endpoint.contextLength,
    supported_parameters: [...endpoint.supportedParameters].sort(),
    status: endpointStatus(health),
    uptime_last_30m: health.uptimeLast30m,
    uptime_last_5m: health.uptimeLast5m,
    uptime_last_1d: health.uptimeLast1d,
    supports_implicit_caching: endpoint.pricing.inputCacheRead !== undefined,
    supports_tool_choice: toolChoiceSupport(endpoint),
    latency_last_30m: health.latencyLast30m,
    throughput_last_30m: health.throughputLast30m,
    // Gateway extensions: the circuit breaker behind `status`, and the endpoint's data policy.
    breaker_state: health.breaker,
    data_policy: {
      training: endpoint.dataPolicy.training,
      retains_prompts: endpoint.dataPolicy.retainsPrompts,
      zdr: endpoint.dataPolicy.zdr,
    },
  };
}

/** Which `tool_choice` values the endpoint takes (newer OpenRouter clients require this object). */
function toolChoiceSupport(endpoint: Endpoint) {
  const tools = endpoint.supportedParameters.has('tools');
  const choice = tools && endpoint.supportedParameters.has('tool_choice');
  return { auto: tools, none: choice, required: choice, function: choice };
}

/** `GET /api/v1/models/{author}/{slug}/endpoints` data (spec: ListEndpointsResponse). */
export function presentModelEndpoints(model: ModelEntry, health: HealthView) {
  return {
    id: model.id,
    name: model.name,
    created: model.created,
    description: model.description,
    architecture: presentArchitecture(model),
    endpoints: model.endpoints.map((endpoint) => presentEndpoint(model, endpoint, health.get(endpoint.id))),
  };
}
