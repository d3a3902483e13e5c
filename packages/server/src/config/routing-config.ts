import {
  GatewayError,
  parseProviderPreferences,
  type ApiKeyRecord,
  type AutoCandidate,
  type Catalog,
  type ProviderPreferences,
  type RoutingDefaults,
} from '@switchyard/core';
import { ConfigError } from './config-error.js';
import type { RoutingFile } from './routing-schema.js';

/** The parsed `routing:` section. */
export interface RoutingConfig {
  readonly defaults: ProviderPreferences | undefined;
  readonly accounts: ReadonlyMap<string, ProviderPreferences>;
  readonly keys: readonly { readonly key: string; readonly preferences: ProviderPreferences }[];
  readonly autoCandidates: readonly AutoCandidate[] | undefined;
}

export const NO_ROUTING_CONFIG: RoutingConfig = { defaults: undefined, accounts: new Map(), keys: [], autoCandidates: undefined };

/** Checks every preferences object with the request's own parser; a mistake names the config field. */
export function routingSettings(routing: RoutingFile | undefined, label: string): RoutingConfig {
  if (routing === undefined) return NO_ROUTING_CONFIG;
  const parse = (value: unknown, field: string) => {
    try {
      return parseProviderPreferences(value, field);
    } catch (error) {
      if (GatewayError.is(error)) throw new ConfigError(`${label}: ${error.message}`);
      throw error;
    }
  };
  return {
    defaults: routing.provider === undefined ? undefined : parse(routing.provider, 'routing.provider'),
    accounts: new Map((routing.accounts ?? []).map((entry, i) => [entry.id, parse(entry.provider, `routing.accounts[${i}].provider`)])),
    keys: (routing.keys ?? []).map((entry, i) => ({ key: entry.key, preferences: parse(entry.provider, `routing.keys[${i}].provider`) })),
    autoCandidates: routing.auto_router?.candidates.map((c) => ({
      model: c.model,
      ...(c.min_prompt_tokens === undefined ? {} : { minPromptTokens: c.min_prompt_tokens }),
      ...(c.max_prompt_tokens === undefined ? {} : { maxPromptTokens: c.max_prompt_tokens }),
      ...(c.tools === undefined ? {} : { tools: c.tools }),
      ...(c.images === undefined ? {} : { images: c.images }),
    })),
  };
}

/** The layers under a request made with `key`: gateway defaults, then its account's, then the key's (by id or name). */
export function routingDefaultsFor(config: RoutingConfig, key: ApiKeyRecord): RoutingDefaults {
  const layers: ProviderPreferences[] = [];
  if (config.defaults !== undefined) layers.push(config.defaults);
  const account = config.accounts.get(key.accountId);
  if (account !== undefined) layers.push(account);
  for (const entry of config.keys) if (entry.key === key.id || entry.key === key.name) layers.push(entry.preferences);
  return { layers, autoCandidates: config.autoCandidates };
}

/**
 * `routing.auto_router.candidates` against the catalog, at start: an id the catalog does not know is
 * a config error (a typo would otherwise only show up as `not_in_catalog` in a 503); a known model
 * whose providers are all disabled is a warning (it becomes servable when a provider is configured).
 */
export function checkAutoCandidates(config: RoutingConfig, catalog: Catalog, label: string): string[] {
  const warnings: string[] = [];
  (config.autoCandidates ?? []).forEach((candidate, index) => {
    if (catalog.get(candidate.model) !== undefined) return;
    const field = `routing.auto_router.candidates[${index}].model`;
    const disabled = catalog.disabledProviders(candidate.model);
    if (disabled === undefined) throw new ConfigError(`${label}: ${field}: "${candidate.model}" is not a model of the catalog`);
    warnings.push(`${field}: "${candidate.model}" has no enabled provider (${disabled.join(', ')}); openrouter/auto skips it`);
  });
  return warnings;
}
