import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_HEALTH, DEFAULT_RETRY, type HealthConfig, type ProviderSettings, type RetryConfig } from '@switchyard/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { creditsSettings, type CreditsSettings } from '../billing/credits-config.js';
import { byokSettings, type ByokSettings } from '../byok/byok-config.js';
import { DEFAULT_MEDIA_SETTINGS, type MediaSettings } from '../media/media-settings.js';
import { oauthSettings, type OAuthSettings } from '../oauth/oauth-config.js';
import { rateLimitSettings, type RateLimitSettings } from '../ratelimit/rate-limit-settings.js';
import { missingAwsRegionWarning, withAwsProfileRegion } from './aws-provider-options.js';
import { withGoogleProject } from './google-project.js';
import { BUNDLED_CATALOG_DIR, readBundledCatalog } from './bundled-catalog.js';
import { ConfigError, MissingOptionError } from './config-error.js';
import {
  type adapterKindSchema,
  configFileSchema,
  type ConfigFile,
  type DataPolicyConfig,
  type ModelConfig,
  type ProviderConfig,
  type ProviderInfo,
} from './config-schema.js';
import { formatZodIssues } from './format-zod-error.js';
import { interpolateEnv } from './interpolate-env.js';
import { routingSettings, type RoutingConfig } from './routing-config.js';

/** Every adapter kind of `adapterKindSchema` (one list to extend). */
export type AdapterKind = z.infer<typeof adapterKindSchema>;

export interface EnabledProvider {
  readonly settings: ProviderSettings;
  readonly kind: AdapterKind;
  readonly flavor: string;
  readonly dataPolicy: DataPolicyConfig;
  readonly defaultSupportedParameters: readonly string[];
  /** Public facts for `GET /api/v1/providers` (policy and status URLs, headquarters, datacenters); unknown when absent. */
  readonly info?: ProviderInfo;
}

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly keepaliveMs: number;
  readonly dataDir: string;
  readonly sqlitePath: string;
  readonly postgresUrl: string | undefined;
  /**
   * `storage.durable_records`: answers end only once their generation record (and deferred charge)
   * is stored (group commit), so a `kill -9` loses no record of an answered request. Default false.
   */
  readonly durableRecords: boolean;
  /** Redis shared by gateway processes (rate-limit counters, endpoint health); in-process when undefined. */
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
}

export interface GatewayConfig {
  readonly configPath: string | undefined;
  readonly server: ServerSettings;
  readonly retry: RetryConfig;
  readonly health: HealthConfig;
  /** Provider-preference defaults (gateway, account, key) and the auto router's candidates. */
  readonly routing: RoutingConfig;
  readonly media: MediaSettings;
  readonly oauth: OAuthSettings;
  readonly rateLimits: RateLimitSettings;
  /** Credit enforcement, hold lifetimes and the operator's admin token (`SWITCHYARD_ADMIN_TOKEN`). */
  readonly credits: CreditsSettings;
  /** The BYOK fee (free requests a month, then a percentage of the upstream cost). */
  readonly byok: ByokSettings;
  /** Enabled providers by id. */
  readonly providers: ReadonlyMap<string, EnabledProvider>;
  /** Every provider id the catalog may name (enabled or not). */
  readonly knownProviderIds: ReadonlySet<string>;
  readonly models: readonly ModelConfig[];
  readonly bootstrap: { readonly apiKey: string | undefined; readonly provisioningKey: string | undefined };
  /** Problems that disable a bundled provider without failing start-up (logged by the gateway). */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly configPath?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly dataDir?: string | undefined;
  readonly bundledCatalogPath?: string;
}

const DEFAULT_TIMEOUT_MS = 300_000;
const NO_DATA_POLICY: DataPolicyConfig = { training: false, retains_prompts: false, zdr: false };
export const UNKNOWN_INFO: ProviderInfo = {
  privacy_policy_url: null,
  terms_of_service_url: null,
  status_page_url: null,
  headquarters: null,
  datacenters: null,
};


function parseYamlFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: cannot read YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`${file} is invalid:\n${formatZodIssues(result.error)}`);
  return result.data;
}

function findConfigPath(options: LoadOptions): string | undefined {
  const explicit = options.configPath ?? options.env['SWITCHYARD_CONFIG'];
  if (explicit !== undefined && explicit !== '') {
    const resolved = path.resolve(options.cwd, explicit);
    if (!existsSync(resolved)) throw new ConfigError(`config file ${resolved} does not exist`);
    return resolved;
  }
  const fallback = path.resolve(options.cwd, 'switchyard.yaml');
  return existsSync(fallback) ? fallback : undefined;
}

export function loadConfig(options: LoadOptions): GatewayConfig {
  const configPath = findConfigPath(options);
  const file: ConfigFile = configPath === undefined ? {} : parseYamlFile(configPath, configFileSchema);
  const bundled = readBundledCatalog(options.bundledCatalogPath ?? BUNDLED_CATALOG_DIR, parseYamlFile);
  const label = configPath ?? 'configuration';
  const providerConfigs = mergeProviders(bundled.providers, file.providers ?? [], label);
  const providers = new Map<string, EnabledProvider>();
  const warnings: string[] = [];
  for (const { config, declared, field } of providerConfigs) {
    const enabled = enableProvider(config, declared, `${label}: ${field}`, options.env, warnings);
    if (enabled !== undefined) providers.set(config.id, enabled);
  }
  const userModels = file.models ?? [];
  const userIds = new Set(userModels.map((model) => model.id));
  const bundledModels = file.bundled_catalog === false ? [] : bundled.models.filter((m) => !userIds.has(m.id));
  return {
    configPath,
    server: serverSettings(file, options),
    retry: retrySettings(file),
    health: healthSettings(file),
    routing: routingSettings(file.routing, label),
    media: mediaSettings(file),
    oauth: oauthSettings(file.oauth),
    rateLimits: rateLimitSettings(file.rate_limits),
    credits: creditsSettings(file.credits, options.env),
    byok: byokSettings(file.byok),
    providers,
    knownProviderIds: new Set(providerConfigs.map(({ config }) => config.id)),
    models: [...bundledModels, ...userModels],
    bootstrap: {
      apiKey: nonEmpty(options.env['SWITCHYARD_API_KEY']),
      provisioningKey: nonEmpty(options.env['SWITCHYARD_PROVISIONING_KEY']),
    },
    warnings,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

interface MergedProvider {
  readonly config: ProviderConfig;
  /** Declared in the operator's config file (not only bundled). */
  readonly declared: boolean;
  /** Where errors point: the entry in the config file, or the bundled provider by id. */
  readonly field: string;
}

/** Bundled providers, overlaid field by field with the config file's providers of the same id. */
function mergeProviders(bundled: readonly ProviderConfig[], user: readonly ProviderConfig[], label: string): MergedProvider[] {
  const merged = new Map<string, MergedProvider>(
    bundled.map((config) => [config.id, { config, declared: false, field: `bundled provider ${config.id}` }]),
  );
  user.forEach((config, index) => {
    const base = merged.get(config.id)?.config;
    if (base === undefined && (config.adapter === undefined || config.base_url === undefined)) {
      throw new ConfigError(
        `${label}: providers[${index}] (${config.id}) is not a built-in provider, so it needs "adapter" and "base_url"`,
      );
    }
    merged.set(config.id, { config: { ...base, ...config }, declared: true, field: `providers[${index}]` });
  });
  return [...merged.values()];
}

function enableProvider(
  config: ProviderConfig,
  declared: boolean,
  field: string,
  env: NodeJS.ProcessEnv,
  warnings: string[],
): EnabledProvider | undefined {
  if (config.enabled === false) return undefined;
  let apiKey: string | undefined;
  if (config.api_key !== undefined) apiKey = interpolateEnv(config.api_key, `${field}.api_key`, env);
  else apiKey = (config.api_key_env ?? []).map((name) => nonEmpty(env[name])).find((v) => v !== undefined);
  const enabledByEnv = (config.enable_env ?? []).some((name) => nonEmpty(env[name]) !== undefined);
  if (apiKey === undefined && !declared && !enabledByEnv) return undefined;
  if (config.adapter === undefined || config.base_url === undefined) {
    throw new ConfigError(`${field} (${config.id}): "adapter" and "base_url" are required`);
  }
  const options = withGoogleProject(config.adapter, withAwsProfileRegion(config.adapter, providerOptions(config, field, env), env), env);
  const warning = missingAwsRegionWarning(config.adapter, declared, options, config.id);
  if (warning !== undefined) {
    warnings.push(warning);
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    headers[name.toLowerCase()] = interpolateEnv(value, `${field}.headers.${name}`, env);
  }
  const settings: ProviderSettings = {
    id: config.id,
    name: config.name ?? config.id,
    baseUrl: fillOptions(interpolateEnv(config.base_url, `${field}.base_url`, env), options, `${field}.base_url`).replace(/\/+$/, ''),
    apiKey,
    headers,
    timeoutMs: config.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    options,
  };
  return {
    settings,
    kind: config.adapter,
    flavor: config.flavor ?? config.id,
    dataPolicy: config.data_policy ?? NO_DATA_POLICY,
    defaultSupportedParameters: config.default_supported_parameters ?? [],
    info: config.info ?? UNKNOWN_INFO,
  };
}

/** `options` with "${ENV}" interpolated, completed from `options_env` (first variable that is set). */
function providerOptions(config: ProviderConfig, field: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.options ?? {})) {
    options[name] = interpolateEnv(value, `${field}.options.${name}`, env);
  }
  for (const [name, variables] of Object.entries(config.options_env ?? {})) {
    if (options[name] !== undefined) continue;
    const value = variables.map((variable) => nonEmpty(env[variable])).find((v) => v !== undefined);
    if (value !== undefined) options[name] = value;
  }
  return options;
}

/** Replaces `{name}` in a base URL with option `name`; a missing option is a config error naming it. */
function fillOptions(url: string, options: Readonly<Record<string, string>>, field: string): string {
  return url.replace(/\{([a-z_][a-z0-9_]*)\}/g, (_match, name: string) => {
    const value = options[name];
    if (value === undefined) throw new MissingOptionError(`${field}: needs option "${name}" (set it under options:)`, name);
    return encodeURIComponent(value);
  });
}

function envPort(env: NodeJS.ProcessEnv): number | undefined {
  const value = nonEmpty(env['SWITCHYARD_PORT']);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`SWITCHYARD_PORT: "${value}" is not a port number`);
  return Number(value);
}

function serverSettings(file: ConfigFile, options: LoadOptions): ServerSettings {
  const { env } = options;
  const server = file.server ?? {};
  const dataDir = path.resolve(options.cwd, options.dataDir ?? nonEmpty(env['SWITCHYARD_DATA_DIR']) ?? '.switchyard');
  const sqlite = file.storage?.sqlite_path;
  const postgres = file.storage?.postgres_url ?? nonEmpty(env['SWITCHYARD_POSTGRES_URL']);
  return {
    host: options.host ?? nonEmpty(env['SWITCHYARD_HOST']) ?? server.host ?? '127.0.0.1',
    port: options.port ?? envPort(env) ?? server.port ?? 8080,
    bodyLimitBytes: server.body_limit_bytes ?? 10 * 1024 * 1024,
    keepaliveMs: server.keepalive_ms ?? 1000,
    dataDir,
    sqlitePath: sqlite === undefined ? path.join(dataDir, 'switchyard.db') : path.resolve(options.cwd, sqlite),
    postgresUrl: postgres === undefined ? undefined : interpolateEnv(postgres, 'storage.postgres_url', env),
    durableRecords: file.storage?.durable_records ?? false,
    ...redisSettings(file, env),
  };
}

function redisSettings(file: ConfigFile, env: NodeJS.ProcessEnv): Pick<ServerSettings, 'redisUrl' | 'redisKeyPrefix'> {
  const url = file.storage?.redis_url ?? nonEmpty(env['SWITCHYARD_REDIS_URL']);
  return {
    redisUrl: url === undefined ? undefined : interpolateEnv(url, 'storage.redis_url', env),
    redisKeyPrefix: file.storage?.redis_key_prefix ?? 'switchyard:',
  };
}

function mediaSettings(file: ConfigFile): MediaSettings {
  const media = file.media ?? {};
  return {
    maxBytes: media.max_bytes ?? DEFAULT_MEDIA_SETTINGS.maxBytes,
    timeoutMs: media.timeout_ms ?? DEFAULT_MEDIA_SETTINGS.timeoutMs,
    maxRedirects: media.max_redirects ?? DEFAULT_MEDIA_SETTINGS.maxRedirects,
    allowPrivateAddresses: media.allow_private_addresses ?? DEFAULT_MEDIA_SETTINGS.allowPrivateAddresses,
  };
}

function retrySettings(file: ConfigFile): RetryConfig {
  const retry = file.retry;
  if (retry === undefined) return DEFAULT_RETRY;
  return {
    maxRetriesPerEndpoint: retry.max_retries_per_endpoint,
    baseDelayMs: retry.base_delay_ms,
    maxDelayMs: retry.max_delay_ms,
    maxRetryAfterMs: retry.max_retry_after_ms,
    requestDeadlineMs: retry.request_deadline_ms,
  };
}

function healthSettings(file: ConfigFile): HealthConfig {
  const health = file.health;
  if (health === undefined) return DEFAULT_HEALTH;
  return {
    ...DEFAULT_HEALTH,
    breakerFailureThreshold: health.breaker_failure_threshold,
    breakerCooldownMs: health.breaker_cooldown_ms,
    breakerProbeTimeoutMs: health.breaker_probe_timeout_ms,
    recentWindowMs: health.recent_window_ms,
    recentMinFailures: health.recent_min_failures,
    recentFailureRatio: health.recent_failure_ratio,
  };
}
