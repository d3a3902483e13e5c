/** Test helpers for the routing policy tables: tiny catalogs, health tables, a scripted random source. */
import type { ChatCompletionRequest } from '@switchyard/protocol';
import { createCatalog, type Catalog, type Endpoint, type ModelEntry } from '../../../catalog/catalog.js';
import type { EndpointHealth, HealthView } from '../../../ports/endpoint-stats.js';
import { UNKNOWN_HEALTH } from '../../../stats/memory-endpoint-stats.js';

export interface EndpointSpec {
  /** USD per million tokens: [prompt, completion]. */
  readonly price?: readonly [number, number];
  readonly requestPrice?: number;
  readonly name?: string;
  readonly params?: readonly string[];
  readonly quantization?: string;
  readonly zdr?: boolean;
  readonly training?: boolean;
  readonly retainsPrompts?: boolean;
  readonly context?: number;
  readonly maxOut?: number;
}

const TEXT_PARAMS = ['temperature', 'max_tokens', 'tools', 'tool_choice', 'response_format', 'structured_outputs'];
const perToken = (usdPerMillion: number) => BigInt(Math.round(usdPerMillion * 1_000_000));

export function endpoint(model: string, provider: string, spec: EndpointSpec = {}): Endpoint {
  const [prompt, completion] = spec.price ?? [1, 1];
  return {
    id: `${model}@${provider}`,
    modelId: model,
    providerId: provider,
    providerName: spec.name ?? provider.toUpperCase(),
    upstreamModel: model,
    pricingStrings: { prompt: String(prompt / 1e6), completion: String(completion / 1e6) },
    pricing: {
      prompt: perToken(prompt),
      completion: perToken(completion),
      request: perToken((spec.requestPrice ?? 0) * 1e6),
      image: 0n,
      inputCacheRead: undefined,
      inputCacheWrite: undefined,
      internalReasoning: undefined,
    },
    contextLength: spec.context ?? 128_000,
    maxCompletionTokens: spec.maxOut ?? null,
    supportedParameters: new Set(spec.params ?? TEXT_PARAMS),
    quantization: spec.quantization ?? null,
    dataPolicy: { training: spec.training ?? false, retainsPrompts: spec.retainsPrompts ?? false, zdr: spec.zdr ?? false },
  };
}

export function model(id: string, endpoints: readonly Endpoint[], extra: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id,
    canonicalSlug: id,
    name: id,
    description: '',
    created: 0,
    contextLength: Math.max(...endpoints.map((e) => e.contextLength)),
    inputModalities: ['text'],
    outputModalities: ['text'],
    tokenizer: 'Other',
    instructType: null,
    defaultParameters: null,
    huggingFaceId: null,
    endpoints,
    ...extra,
  };
}

export function catalogOf(...models: readonly ModelEntry[]): Catalog {
  return createCatalog(models);
}

const HEALTHY: EndpointHealth = UNKNOWN_HEALTH;

/** p50 only; the other percentiles follow (p75 = 1.5×, p90 = 2×, p99 = 4×). */
export function spread(p50: number) {
  return { p50, p75: p50 * 1.5, p90: p50 * 2, p99: p50 * 4 };
}

/** A health table: endpoint id → what differs from a healthy endpoint without stats. */
export function healthOf(table: Readonly<Record<string, Partial<EndpointHealth>>> = {}): HealthView {
  return { get: (id) => ({ ...HEALTHY, ...table[id] }) };
}

/** A random source that returns the given values in turn (then 0). */
export function scripted(...values: number[]): () => number {
  let index = 0;
  return () => values[index++] ?? 0;
}

export function chat(extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return { model: 'a/m', messages: [{ role: 'user', content: 'hello' }], ...extra };
}

export const TOOLS = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }];
