import {
  anthropicAdapter,
  azureAdapter,
  azureResponsesAdapter,
  createOpenAiResponsesAdapter,
  OPENAI_RESPONSES_TARGET,
  openAiResponsesAdapter,
  bedrockAdapter,
  cohereAdapter,
  createOpenAiCompatibleAdapter,
  geminiAdapter,
  vertexAnthropicAdapter,
  vertexGeminiAdapter,
  OPENAI_COMPATIBLE_FLAVORS,
  type ProviderAdapter,
  type ProviderRuntime,
} from '@switchyard/core';
import type { AdapterKind, EnabledProvider, GatewayConfig } from './config/load-config.js';

function adapterFor(provider: EnabledProvider): ProviderAdapter {
  switch (provider.kind) {
    case 'bedrock':
      return bedrockAdapter;
    case 'anthropic':
      return anthropicAdapter;
    case 'gemini':
      return geminiAdapter;
    case 'cohere':
      return cohereAdapter;
    case 'vertex-gemini':
      return vertexGeminiAdapter;
    case 'vertex-anthropic':
      return vertexAnthropicAdapter;
    case 'openai-responses':
      return openAiResponsesAdapter;
    case 'azure':
      return azureAdapter;
    case 'openai-compatible': {
      const flavor = OPENAI_COMPATIBLE_FLAVORS[provider.flavor] ?? OPENAI_COMPATIBLE_FLAVORS['generic'];
      if (flavor === undefined) throw new Error('the generic openai-compatible flavor is missing');
      return createOpenAiCompatibleAdapter(flavor);
    }
  }
}

/**
 * The upstream APIs an adapter kind serves, for an endpoint's `api:`; the first is the kind's
 * default ("chat" stands for the provider's own API).
 */
export function apisOf(kind: AdapterKind): readonly string[] {
  switch (kind) {
    case 'openai-compatible':
    case 'azure':
      return ['chat', 'responses'];
    case 'openai-responses':
      return ['responses'];
    default:
      return ['chat'];
  }
}

/** Adapters for a provider's non-default APIs (`ProviderRuntime.apis`). */
function otherApis(provider: EnabledProvider): Record<string, ProviderAdapter> {
  if (provider.kind === 'azure') return { responses: azureResponsesAdapter };
  if (provider.kind !== 'openai-compatible') return {};
  const flavor = OPENAI_COMPATIBLE_FLAVORS[provider.flavor] ?? OPENAI_COMPATIBLE_FLAVORS['generic'];
  return { responses: createOpenAiResponsesAdapter({ ...OPENAI_RESPONSES_TARGET, auth: flavor?.auth ?? OPENAI_RESPONSES_TARGET.auth }) };
}

/** One runtime (settings + adapter) per enabled provider. */
export function buildProviderRuntimes(config: GatewayConfig): Map<string, ProviderRuntime> {
  const runtimes = new Map<string, ProviderRuntime>();
  for (const [id, provider] of config.providers) {
    runtimes.set(id, { settings: provider.settings, adapter: adapterFor(provider), apis: otherApis(provider) });
  }
  return runtimes;
}
