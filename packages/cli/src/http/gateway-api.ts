/**
 * The parts of the wire types the CLI reads (OpenRouter's shapes, snake_case). Each is a subset of
 * the SDK's type of the same answer, so the SDK's results fit them as they are.
 */
export interface Pricing {
  readonly prompt: string;
  readonly completion: string;
}

export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  readonly context_length: number | null;
  readonly pricing: Pricing;
}

export interface EndpointInfo {
  readonly provider_name: string;
  readonly context_length: number;
  readonly max_completion_tokens: number | null;
  readonly pricing: Pricing;
  readonly quantization: string | null;
  readonly status?: number | null;
  readonly uptime_last_30m: number | null;
}

export interface ModelEndpoints {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  readonly endpoints: readonly EndpointInfo[];
}

export interface ChatChunk {
  readonly id?: string;
  readonly model?: string;
  readonly provider?: string;
  readonly choices: readonly { readonly delta?: { readonly content?: string | null } }[];
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number; readonly cost?: number | null } | null;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly { readonly role: 'system' | 'user'; readonly content: string }[];
  readonly max_tokens?: number;
  readonly temperature?: number;
}

export interface AttemptInfo {
  readonly provider_name?: string;
  readonly status: number | null;
  readonly latency?: number;
}

export interface GenerationInfo {
  readonly id: string;
  readonly model: string;
  readonly provider_name: string | null;
  readonly created_at: string;
  readonly streamed: boolean | null;
  readonly finish_reason: string | null;
  readonly tokens_prompt: number | null;
  readonly tokens_completion: number | null;
  readonly native_tokens_reasoning: number | null;
  readonly native_tokens_cached: number | null;
  readonly total_cost: number;
  readonly latency: number | null;
  readonly generation_time: number | null;
  readonly is_byok: boolean;
  readonly provider_responses: readonly AttemptInfo[] | null;
}

export interface ActivityInfo {
  readonly date: string;
  readonly model: string;
  readonly provider_name: string;
  readonly requests: number;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly reasoning_tokens: number;
  readonly usage: number;
  readonly byok_usage_inference: number;
}

/** What the HTTP commands ask of the gateway. The `raw` answers are printed by `--json` as the server sent them. */
export interface GatewayApi {
  listModels(): Promise<readonly ModelInfo[]>;
  /** Fails with status 404 for an unknown model or a router (openrouter/auto has no endpoints of its own). */
  modelEndpoints(id: string): Promise<ModelEndpoints>;
  /** The chat's chunks as they arrive; an error inside the stream is thrown by the iteration. */
  streamChat(request: ChatRequest): Promise<AsyncIterable<ChatChunk>>;
  generation(id: string): Promise<GenerationInfo>;
  activity(date: string | undefined): Promise<readonly ActivityInfo[]>;
  /** The server's own CSV (`GET /activity?format=csv`), as it sent it. */
  activityCsv(date: string | undefined): Promise<string>;
}

/** True for an API error whose HTTP status is 404. */
export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && error.status === 404;
}
