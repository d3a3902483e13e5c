/** `/models`, `/models/count`, `/models/user`, `/models/{author}/{slug}/endpoints`, `/endpoints/zdr`, `/providers` (wire names). */

export interface ModelArchitecture {
  modality: string | null;
  input_modalities: string[];
  output_modalities: string[];
  tokenizer?: string;
  instruct_type?: string | null;
}

/** Prices in USD per token (per request, per image…), as decimal strings. */
export interface ModelPricing {
  prompt: string;
  completion: string;
  request?: string;
  image?: string;
  image_token?: string;
  image_output?: string;
  audio?: string;
  audio_output?: string;
  input_audio_cache?: string;
  web_search?: string;
  internal_reasoning?: string;
  input_cache_read?: string;
  input_cache_write?: string;
  input_cache_write_1h?: string;
  discount?: number;
}

export interface TopProviderInfo {
  context_length?: number | null;
  max_completion_tokens?: number | null;
  is_moderated: boolean;
}

export interface DefaultParameters {
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  frequency_penalty?: number | null;
  presence_penalty?: number | null;
  repetition_penalty?: number | null;
}

export interface Model {
  id: string;
  canonical_slug: string;
  hugging_face_id?: string | null;
  name: string;
  created: number;
  description?: string;
  context_length: number | null;
  architecture: ModelArchitecture;
  pricing: ModelPricing;
  top_provider: TopProviderInfo;
  per_request_limits: { prompt_tokens: number; completion_tokens: number } | null;
  supported_parameters: string[];
  default_parameters: DefaultParameters | null;
  supported_voices: string[] | null;
  knowledge_cutoff?: string | null;
  expiration_date?: string | null;
  links: { details: string };
}

export interface ModelsListResponse {
  data: Model[];
  total_count: number;
  links: { next: string | null };
}

export interface ModelResponse {
  data: Model;
}

export interface ModelsCountResponse {
  data: { count: number };
}

export interface PercentileStats {
  p50: number;
  p75: number;
  p90: number;
  p99: number;
}

/** One provider endpoint serving a model, with its prices, limits and live health. */
export interface PublicEndpoint {
  name: string;
  model_id: string;
  model_name: string;
  context_length: number;
  pricing: ModelPricing;
  provider_name: string;
  tag: string;
  quantization: string | null;
  max_completion_tokens: number | null;
  max_prompt_tokens: number | null;
  supported_parameters: string[];
  /** 0 normal, -1 recently failing, -2 half-open, -3 open (circuit breaker). */
  status?: number;
  uptime_last_30m: number | null;
  uptime_last_5m: number | null;
  uptime_last_1d: number | null;
  supports_implicit_caching: boolean;
  latency_last_30m: PercentileStats | null;
  throughput_last_30m: PercentileStats | null;
}

export interface ModelEndpoints {
  id: string;
  name: string;
  created: number;
  description: string;
  architecture: ModelArchitecture;
  endpoints: PublicEndpoint[];
}

export interface ListEndpointsResponse {
  data: ModelEndpoints;
}

export interface ZdrEndpointsResponse {
  data: PublicEndpoint[];
}

export interface Provider {
  name: string;
  slug: string;
  privacy_policy_url: string | null;
  terms_of_service_url?: string | null;
  status_page_url?: string | null;
  headquarters?: string | null;
  datacenters?: string[] | null;
}

export interface ProvidersResponse {
  data: Provider[];
}

export type ModelCategory =
  | 'programming'
  | 'roleplay'
  | 'marketing'
  | 'marketing/seo'
  | 'technology'
  | 'science'
  | 'translation'
  | 'legal'
  | 'finance'
  | 'health'
  | 'trivia'
  | 'academia';

/** `GET /models` filters (OpenRouter's query parameters; csv lists as comma-separated strings). */
export interface ModelsFilterParams {
  category?: ModelCategory;
  /** Comma-separated parameter names the models must all support. */
  supported_parameters?: string;
  /** Comma-separated output modalities (any of them), or `all`; the server's default is `text`. */
  output_modalities?: string;
  /** Comma-separated input modalities the models must all accept. */
  input_modalities?: string;
  /** Free text: every word in the model's id or name. */
  q?: string;
  /** Minimum context length. */
  context?: number;
  /** USD per million prompt tokens, bounds included. */
  min_price?: number;
  max_price?: number;
  /** USD per million completion tokens, bounds included. */
  min_output_price?: number;
  max_output_price?: number;
  /** Comma-separated author slugs (`openai,anthropic`). */
  model_authors?: string;
  /** Comma-separated provider slugs or names serving the model. */
  providers?: string;
  /** Only models with a zero-data-retention endpoint. */
  zdr?: boolean;
  /** Tokenizer family (`GPT`, `Claude`, …). */
  arch?: string;
  min_age_days?: number;
  max_age_days?: number;
  sort?: 'pricing-low-to-high' | 'pricing-high-to-low' | 'context-high-to-low' | 'newest' | 'throughput-high-to-low' | 'latency-low-to-high';
}

export interface ModelsListParams extends ModelsFilterParams {
  /** With `limit`: one page (the whole list when both are absent). */
  offset?: number;
  /** 1–1000, default 500 when `offset` is given. */
  limit?: number;
}

export interface ModelsCountParams {
  output_modalities?: string;
}

export type ModelsListForUserParams = ModelsListParams;
