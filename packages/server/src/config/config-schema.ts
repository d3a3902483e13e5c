/** The config file (switchyard.yaml) and the bundled catalog share this schema. snake_case like OpenRouter. */
import { z } from 'zod';
import { routingSchema } from './routing-schema.js';
import { byokConfigSchema } from '../byok/byok-config.js';
import { creditsConfigSchema } from '../billing/credits-config.js';
import { oauthConfigSchema } from '../oauth/oauth-config.js';
import { MODEL_CATEGORIES } from '../catalog/model-categories.js';

/** OpenRouter's ModelGroup and InstructType vocabularies (spec enums). */
const TOKENIZERS = ['Router', 'Media', 'Other', 'GPT', 'Claude', 'Gemini', 'Gemma', 'Grok', 'Cohere', 'Nova', 'Qwen', 'Yi', 'DeepSeek', 'Mistral', 'Llama2', 'Llama3', 'Llama4', 'PaLM', 'RWKV', 'Qwen3'] as const;
const INSTRUCT_TYPES = ['none', 'airoboros', 'alpaca', 'alpaca-modif', 'chatml', 'claude', 'code-llama', 'gemma', 'llama2', 'llama3', 'mistral', 'nemotron', 'neural', 'openchat', 'phi3', 'rwkv', 'vicuna', 'zephyr', 'deepseek-r1', 'deepseek-v3.1', 'qwq', 'qwen3'] as const;

const price = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string of USD per unit, e.g. "0.000003"');

export const pricingSchema = z.strictObject({
  prompt: price,
  completion: price,
  request: price.optional(),
  image: price.optional(),
  input_cache_read: price.optional(),
  input_cache_write: price.optional(),
  internal_reasoning: price.optional(),
});

export const dataPolicySchema = z.strictObject({
  training: z.boolean().default(false),
  retains_prompts: z.boolean().default(false),
  zdr: z.boolean().default(false),
});

const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. "US"');

/** What `GET /api/v1/providers` says about a provider (OpenRouter's fields); unknown values stay null. */
export const providerInfoSchema = z.strictObject({
  privacy_policy_url: z.url().nullable().default(null),
  terms_of_service_url: z.url().nullable().default(null),
  status_page_url: z.url().nullable().default(null),
  headquarters: country.nullable().default(null),
  datacenters: z.array(country).nullable().default(null),
});

export const adapterKindSchema = z.enum(['openai-compatible', 'anthropic', 'gemini', 'vertex-gemini', 'vertex-anthropic', 'cohere', 'bedrock', 'openai-responses', 'azure']);

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase slug (letters, digits, . _ -)');

export const providerSchema = z.strictObject({
  id: slug,
  name: z.string().min(1).optional(),
  adapter: adapterKindSchema.optional(),
  base_url: z.url({ message: 'must be an http(s) URL' }).optional(),
  /** A literal key or "${ENV_VAR}". */
  api_key: z.string().optional(),
  /** Environment variable that enables this provider when set (bundled providers). */
  api_key_env: z.array(z.string()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeout_ms: z.number().int().min(1000).max(3_600_000).optional(),
  /** The openai-compatible flavor (parameter quirks); defaults to the id when it is a known vendor. */
  flavor: z.string().optional(),
  enabled: z.boolean().optional(),
  default_supported_parameters: z.array(z.string()).optional(),
  data_policy: dataPolicySchema.optional(),
  info: providerInfoSchema.optional(),
  /**
   * Adapter-specific settings (literal or "${ENV_VAR}"), e.g. Bedrock `region`, Vertex `project`
   * and `location`, Azure `api_version`. `{name}` in `base_url` is replaced by option `name`.
   */
  options: z.record(z.string(), z.string()).optional(),
  /** Bundled providers: option name → environment variables read in order when `options` lacks it. */
  options_env: z.record(z.string(), z.array(z.string())).optional(),
  /** Bundled providers: also enabled when one of these variables is set (credentials that are not an API key). */
  enable_env: z.array(z.string()).optional(),
});

export const endpointSchema = z.strictObject({
  provider: slug,
  upstream_model: z.string().min(1),
  pricing: pricingSchema,
  supported_parameters: z.array(z.string()).optional(),
  quantization: z.string().nullable().optional(),
  context_length: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  /**
   * The provider's upstream API for this endpoint: `chat` (Chat Completions, the default) or
   * `responses` (OpenAI's Responses API, e.g. gpt-6.2-sol, gpt-6.1-terra, o3-pro: see the bundled
   * `openai-responses.yaml`). Only providers whose adapter has that API accept it (openai-compatible,
   * azure, openai-responses).
   */
  api: z.enum(['chat', 'responses']).optional(),
  data_policy: dataPolicySchema.optional(),
});

export const modelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9~][a-z0-9._-]*\/[A-Za-z0-9._:-]+$/, 'must look like "author/slug"'),
  canonical_slug: z.string().optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  created: z.number().int().nonnegative().optional(),
  context_length: z.number().int().positive(),
  input_modalities: z.array(z.enum(['text', 'image', 'file', 'audio', 'video'])).default(['text']),
  output_modalities: z.array(z.enum(['text', 'image', 'audio'])).default(['text']),
  tokenizer: z.enum(TOKENIZERS).default('Other'),
  instruct_type: z.enum(INSTRUCT_TYPES).nullable().default(null),
  hugging_face_id: z.string().nullable().default(null),
  default_parameters: z.record(z.string(), z.number()).nullable().default(null),
  /** Use-case tags for `GET /models?category=` (OpenRouter's categories); untagged models match no category. */
  categories: z.array(z.enum(MODEL_CATEGORIES)).default([]),
  endpoints: z.array(endpointSchema).min(1),
});

export const retrySchema = z.strictObject({
  max_retries_per_endpoint: z.number().int().min(0).max(5).default(1),
  base_delay_ms: z.number().int().min(0).default(500),
  max_delay_ms: z.number().int().min(0).default(8000),
  max_retry_after_ms: z.number().int().min(0).default(2000),
  /** Per request: no attempt starts after it, and each attempt's upstream timeout is capped by what is left. */
  request_deadline_ms: z.number().int().min(100).default(300_000),
});

/** Endpoint health: the circuit breaker and "recently failing" (docs/ARCHITECTURE.md, Endpoint health). */
export const healthSchema = z.strictObject({
  breaker_failure_threshold: z.number().int().min(1).default(5),
  breaker_cooldown_ms: z.number().int().min(1).default(30_000),
  breaker_probe_timeout_ms: z.number().int().min(1).default(60_000),
  recent_window_ms: z.number().int().min(1000).default(30_000),
  recent_min_failures: z.number().int().min(1).default(3),
  recent_failure_ratio: z.number().min(0).max(1).default(0.25),
});

/** Request-rate limits (OpenRouter §6): free-model quotas per account, and an optional per-key rate. */
export const rateLimitsSchema = z.strictObject({
  free_models: z
    .strictObject({
      requests_per_minute: z.number().int().min(0).default(20),
      requests_per_day: z.number().int().min(0).default(200),
      /** Once the account has bought at least `credits_threshold_usd` of credits. */
      requests_per_day_with_credits: z.number().int().min(0).default(1000),
      credits_threshold_usd: z.number().min(0).default(10),
    })
    .optional(),
  /** Requests per minute per API key, for every model; unlimited when absent. */
  requests_per_minute: z.number().int().min(1).optional(),
});

export const configFileSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().optional(),
      port: z.number().int().min(0).max(65535).optional(),
      body_limit_bytes: z.number().int().min(1024).optional(),
      /** Send `: OPENROUTER PROCESSING` when the first token takes longer than this. */
      keepalive_ms: z.number().int().min(50).optional(),
    })
    .optional(),
  storage: z
    .strictObject({
      sqlite_path: z.string().optional(),
      postgres_url: z.string().optional(),
      /** Shares rate-limit counters and endpoint health between gateway processes (memory when absent). */
      redis_url: z.string().optional(),
      /** Prefix of every Redis key, so several deployments can share one Redis. */
      redis_key_prefix: z.string().min(1).optional(),
      /** Store every answer's generation record and charge before the answer ends (default false: write-behind). */
      durable_records: z.boolean().optional(),
    })
    .optional(),
  retry: retrySchema.optional(),
  health: healthSchema.optional(),
  /** Credits: whether paid requests need account balance (default false), reservation lifetimes. */
  credits: creditsConfigSchema.optional(),
  /** BYOK fee: free requests a month per account, then a percentage of the upstream cost. */
  byok: byokConfigSchema.optional(),
  rate_limits: rateLimitsSchema.optional(),
  /** Default provider preferences (account, key) and the `openrouter/auto` candidates. */
  routing: routingSchema.optional(),
  /** Downloading http(s) media for providers that only take inline data. */
  media: z
    .strictObject({
      max_bytes: z.number().int().min(1).optional(),
      timeout_ms: z.number().int().min(100).max(600_000).optional(),
      max_redirects: z.number().int().min(0).max(20).optional(),
      /** Tests only: lets media URLs reach loopback and private addresses (SSRF guard off). */
      allow_private_addresses: z.boolean().optional(),
    })
    .optional(),
  /** OAuth PKCE key issuing (`/auth`, `/api/v1/auth/keys`): code lifetime, callback allow-list. */
  oauth: oauthConfigSchema.optional(),
  /** false: ignore the bundled catalog of models (only the models below). */
  bundled_catalog: z.boolean().optional(),
  providers: z.array(providerSchema).optional(),
  models: z.array(modelSchema).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;
export type DataPolicyConfig = z.infer<typeof dataPolicySchema>;
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

/** One file of the bundled catalog (packages/server/catalog/*.yaml). */
export const catalogFileSchema = z.strictObject({
  providers: z.array(providerSchema).optional(),
  models: z.array(modelSchema).optional(),
  /** Endpoints for models defined in another catalog file (e.g. Claude served by Bedrock). */
  endpoints: z.array(endpointSchema.extend({ model: z.string().min(1) })).optional(),
});
