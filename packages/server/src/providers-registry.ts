import {
  anthropicAdapter,
  createOpenAiCompatibleAdapter,
  geminiAdapter,
  OPENAI_COMPATIBLE_FLAVORS,
  type ProviderAdapter,
  type ProviderRuntime,
} from '@switchyard/core';
import type { EnabledProvider, GatewayConfig } from './config/load-config.js';

function adapterFor(provider: EnabledProvider): ProviderAdapter {
  switch (provider.kind) {
    case 'anthropic':
      return anthropicAdapter;
    case 'gemini':
      return geminiAdapter;
    case 'openai-compatible': {
      const flavor = OPENAI_COMPATIBLE_FLAVORS[provider.flavor] ?? OPENAI_COMPATIBLE_FLAVORS['generic'];
      if (flavor === undefined) throw new Error('the generic openai-compatible flavor is missing');
      return createOpenAiCompatibleAdapter(flavor);
    }
  }
}

/** One runtime (settings + adapter) per enabled provider. */
export function buildProviderRuntimes(config: GatewayConfig): Map<string, ProviderRuntime> {
  const runtimes = new Map<string, ProviderRuntime>();
  for (const [id, provider] of config.providers) {
    runtimes.set(id, { settings: provider.settings, adapter: adapterFor(provider) });
  }
  return runtimes;
}
