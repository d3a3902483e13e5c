import type { ProviderSettings } from '@switchyard/core';
import { ConfigError } from '../config/config-error.js';
import type { EnabledProvider } from '../config/load-config.js';
import { parseServiceAccount, readServiceAccountFile, type ServiceAccount } from './service-account.js';

/** Adapter kinds that authenticate with a Google OAuth access token. */
const GOOGLE_OAUTH_KINDS: ReadonlySet<string> = new Set(['vertex-gemini', 'vertex-anthropic']);

/** How one provider gets its access token. */
export type CredentialPlan =
  | { readonly type: 'static'; readonly token: string }
  | { readonly type: 'service-account'; readonly account: ServiceAccount };

/**
 * One plan per provider that needs OAuth, decided and validated at start-up (key files are read
 * here, once). Precedence: `options.access_token` (an explicit, e.g. `gcloud auth print-access-token`,
 * token), then `options.credentials_json`, then `options.credentials_file`
 * (GOOGLE_APPLICATION_CREDENTIALS for the bundled providers). None of them is a ConfigError.
 */
export function credentialPlans(providers: ReadonlyMap<string, EnabledProvider>): ReadonlyMap<string, CredentialPlan> {
  const plans = new Map<string, CredentialPlan>();
  for (const [id, provider] of providers) {
    if (GOOGLE_OAUTH_KINDS.has(provider.kind)) plans.set(id, planFor(provider.settings));
  }
  return plans;
}

function planFor(settings: ProviderSettings): CredentialPlan {
  const options = settings.options ?? {};
  const field = `provider ${settings.id}`;
  const token = nonEmpty(options['access_token']);
  if (token !== undefined) return { type: 'static', token };
  const json = nonEmpty(options['credentials_json']);
  if (json !== undefined) return { type: 'service-account', account: parseServiceAccount(json, `${field}: options.credentials_json`) };
  const file = nonEmpty(options['credentials_file']);
  if (file !== undefined) return { type: 'service-account', account: readServiceAccountFile(file, `${field}: options.credentials_file`) };
  throw new ConfigError(
    `${field}: needs Google credentials: options.credentials_file (or GOOGLE_APPLICATION_CREDENTIALS) pointing to a service-account key, options.credentials_json, or options.access_token (or GOOGLE_VERTEX_ACCESS_TOKEN)`,
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
