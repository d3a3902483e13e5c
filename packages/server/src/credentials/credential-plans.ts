import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProviderSettings } from '@switchyard/core';
import type { EnabledProvider } from '../config/load-config.js';
import { parseGoogleCredentials, readGoogleCredentialsFile, type AuthorizedUser } from './google-credentials-file.js';
import type { ServiceAccount } from './service-account.js';

/** Adapter kinds that authenticate with a Google OAuth access token. */
const GOOGLE_OAUTH_KINDS: ReadonlySet<string> = new Set(['vertex-gemini', 'vertex-anthropic']);
const DEFAULT_METADATA_HOST = 'metadata.google.internal';

/** How one provider gets its credential. */
export type CredentialPlan =
  | { readonly type: 'static'; readonly token: string }
  | { readonly type: 'service-account'; readonly account: ServiceAccount }
  | { readonly type: 'authorized-user'; readonly user: AuthorizedUser }
  /** The GCE/GKE metadata server; `explicit` when GCE_METADATA_HOST named it (unreachable is then an outage). */
  | { readonly type: 'metadata-server'; readonly host: string; readonly explicit: boolean }
  /** The AWS default credential chain; `profile` is the provider's `options.profile`. */
  | { readonly type: 'aws-chain'; readonly profile: string | undefined };

/** Where start-up looks for Application Default Credentials. */
export interface PlanEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
}

/**
 * One plan per provider that needs more than a static key, decided and validated at start-up
 * (credential files are read here, once). Vertex: `options.access_token`, `options.credentials_json`,
 * `options.credentials_file`, then Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
 * gcloud's application_default_credentials.json, the metadata server). Bedrock without an API key or
 * option keys: the AWS default chain. An unreadable or unusable credentials file is a ConfigError.
 */
export function credentialPlans(providers: ReadonlyMap<string, EnabledProvider>, where: PlanEnvironment): ReadonlyMap<string, CredentialPlan> {
  const plans = new Map<string, CredentialPlan>();
  for (const [id, provider] of providers) {
    if (GOOGLE_OAUTH_KINDS.has(provider.kind)) plans.set(id, googlePlan(provider.settings, where));
    else if (provider.kind === 'bedrock' && needsAwsChain(provider.settings)) {
      plans.set(id, { type: 'aws-chain', profile: nonEmpty(provider.settings.options?.['profile']) });
    }
  }
  return plans;
}

function needsAwsChain(settings: ProviderSettings): boolean {
  const options = settings.options ?? {};
  if (nonEmpty(settings.apiKey) !== undefined) return false;
  return nonEmpty(options['access_key_id']) === undefined || nonEmpty(options['secret_access_key']) === undefined;
}

function googlePlan(settings: ProviderSettings, where: PlanEnvironment): CredentialPlan {
  const options = settings.options ?? {};
  const field = `provider ${settings.id}`;
  const token = nonEmpty(options['access_token']);
  if (token !== undefined) return { type: 'static', token };
  const json = nonEmpty(options['credentials_json']);
  if (json !== undefined) return parseGoogleCredentials(json, `${field}: options.credentials_json`);
  const file = nonEmpty(options['credentials_file']);
  if (file !== undefined) return readGoogleCredentialsFile(file, `${field}: options.credentials_file`);
  const adcFile = nonEmpty(where.env['GOOGLE_APPLICATION_CREDENTIALS']);
  if (adcFile !== undefined) return readGoogleCredentialsFile(adcFile, `${field}: GOOGLE_APPLICATION_CREDENTIALS`);
  const wellKnown = gcloudCredentialsFile(where);
  if (existsSync(wellKnown)) return readGoogleCredentialsFile(wellKnown, `${field}: gcloud application default credentials`);
  const host = nonEmpty(where.env['GCE_METADATA_HOST']);
  return { type: 'metadata-server', host: host ?? DEFAULT_METADATA_HOST, explicit: host !== undefined };
}

/** gcloud's well-known ADC file: $CLOUDSDK_CONFIG or ~/.config/gcloud (%APPDATA%\gcloud on Windows). */
export function gcloudCredentialsFile(where: PlanEnvironment): string {
  const appData = nonEmpty(where.env['APPDATA']);
  const dir =
    nonEmpty(where.env['CLOUDSDK_CONFIG']) ??
    (process.platform === 'win32' && appData !== undefined ? path.join(appData, 'gcloud') : path.join(where.homeDir, '.config', 'gcloud'));
  return path.join(dir, 'application_default_credentials.json');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
