/** `/generation`, `/activity`, `/credits`, `/organization/members`, `/auth/keys*` (wire names). */

/** One attempt at a provider, as the generation record keeps it. */
export interface ProviderResponse {
  id?: string;
  endpoint_id?: string;
  model_permaslug?: string;
  provider_name?: string;
  status: number | null;
  latency?: number;
  is_byok?: boolean;
}

export interface Generation {
  id: string;
  upstream_id: string | null;
  total_cost: number;
  cache_discount: number | null;
  upstream_inference_cost: number | null;
  created_at: string;
  model: string;
  app_id: number | null;
  streamed: boolean | null;
  cancelled: boolean | null;
  provider_name: string | null;
  latency: number | null;
  moderation_latency: number | null;
  generation_time: number | null;
  finish_reason: string | null;
  native_finish_reason: string | null;
  tokens_prompt: number | null;
  tokens_completion: number | null;
  native_tokens_prompt: number | null;
  native_tokens_completion: number | null;
  native_tokens_completion_images: number | null;
  native_tokens_reasoning: number | null;
  native_tokens_cached: number | null;
  num_media_prompt: number | null;
  num_input_audio_prompt: number | null;
  num_media_completion: number | null;
  num_search_results: number | null;
  num_fetches: number | null;
  origin: string;
  usage: number;
  is_byok: boolean;
  api_type: 'completions' | 'embeddings' | 'rerank' | 'tts' | 'stt' | 'video' | 'image' | null;
  data_region: 'global' | 'europe' | 'us';
  external_user: string | null;
  http_referer: string | null;
  preset_id: string | null;
  provider_responses: ProviderResponse[] | null;
  request_id?: string | null;
  response_cache_source_id?: string | null;
  router: string | null;
  service_tier: string | null;
  session_id?: string | null;
  user_agent: string | null;
  web_search_engine: string | null;
  workspace_id: string | null;
}

export interface GenerationResponse {
  data: Generation;
}

/** One row of `/activity`: a day, model and provider. */
export interface ActivityItem {
  date: string;
  model: string;
  model_permaslug: string;
  endpoint_id: string;
  provider_name: string;
  usage: number;
  byok_usage_inference: number;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  workspace_id?: string;
}

export interface ActivityParams {
  /** One UTC day (`YYYY-MM-DD`) of the last 30. */
  date?: string;
  api_key_hash?: string;
  user_id?: string;
  workspace_id?: string;
  group_by?: 'workspace';
}

export interface ActivityResponse {
  data: ActivityItem[];
}

export interface CreditsResponse {
  data: { total_credits: number; total_usage: number };
}

export interface OrganizationMember {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: 'org:admin' | 'org:member';
}

export interface OrganizationMembersResponse {
  data: OrganizationMember[];
  total_count: number;
}

export interface PageParams {
  offset?: number;
  limit?: number;
}

export interface CreateAuthCodeParams {
  callback_url: string;
  code_challenge?: string;
  code_challenge_method?: 'S256' | 'plain';
  /** Spend limit of the key the code will make, in USD. */
  limit?: number;
  usage_limit_type?: 'daily' | 'weekly' | 'monthly';
  key_label?: string;
  expires_at?: string | null;
  workspace_id?: string;
}

export interface CreateAuthCodeResponse {
  data: { id: string; app_id: number; created_at: string };
}

export interface ExchangeAuthCodeParams {
  code: string;
  code_verifier?: string;
  code_challenge_method?: 'S256' | 'plain' | null;
}

export interface ExchangeAuthCodeResponse {
  key: string;
  user_id: string | null;
}
