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

export interface ModelsListParams {
  category?: ModelCategory;
  /** Comma-separated parameter names the models must support. */
  supported_parameters?: string;
  /** Comma-separated output modalities, or `all`. */
  output_modalities?: string;
}

export interface ModelsListForUserParams {
  offset?: number;
  limit?: number;
}
