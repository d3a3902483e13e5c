/** The request of `POST /chat/completions` (OpenRouter's `ChatRequest`), wire names. */

export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface ChatContentText {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}

export interface ChatContentImage {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | 'original' };
  cache_control?: CacheControl;
}

export interface ChatContentAudio {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}

export interface ChatContentFile {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  cache_control?: CacheControl;
}

export interface ChatContentVideo {
  type: 'video_url' | 'input_video';
  video_url: { url: string };
}

export type ChatContentPart = ChatContentText | ChatContentImage | ChatContentAudio | ChatContentFile | ChatContentVideo;

export interface ChatSystemMessage {
  role: 'system';
  content: string | ChatContentText[];
  name?: string;
}

export interface ChatDeveloperMessage {
  role: 'developer';
  content: string | ChatContentText[];
  name?: string;
}

export interface ChatUserMessage {
  role: 'user';
  content: string | ChatContentPart[];
  name?: string;
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A reasoning block as providers return it (`reasoning.text`, `reasoning.summary`, `reasoning.encrypted`…). */
export interface ReasoningDetail {
  type: string;
  text?: string | null;
  summary?: string | null;
  data?: string | null;
  signature?: string | null;
  id?: string | null;
  format?: string | null;
  index?: number;
}

/** An assistant turn sent back in `messages` (e.g. with the `tool_calls` a tool result answers). */
export interface ChatAssistantMessageParam {
  role: 'assistant';
  content?: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: ChatToolCall[];
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  refusal?: string | null;
}

export interface ChatToolMessage {
  role: 'tool';
  content: string | ChatContentPart[];
  tool_call_id: string;
  name?: string;
}

export type ChatMessage = ChatSystemMessage | ChatDeveloperMessage | ChatUserMessage | ChatAssistantMessageParam | ChatToolMessage;

export interface ChatFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** A JSON Schema object. */
    parameters?: Record<string, unknown>;
    strict?: boolean | null;
  };
  cache_control?: CacheControl;
}

export type ChatToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

export type ReasoningEffort = 'max' | 'xhigh' | 'high' | 'medium' | 'low' | 'minimal' | 'none';

export interface ReasoningConfig {
  effort?: ReasoningEffort | null;
  max_tokens?: number | null;
  exclude?: boolean | null;
  enabled?: boolean | null;
  summary?: 'auto' | 'concise' | 'detailed' | null;
}

export type ProviderSort = 'price' | 'throughput' | 'latency';

/** OpenRouter's provider routing preferences (`provider`). */
export interface ProviderPreferences {
  order?: string[] | null;
  only?: string[] | null;
  ignore?: string[] | null;
  allow_fallbacks?: boolean | null;
  require_parameters?: boolean | null;
  data_collection?: 'allow' | 'deny' | null;
  zdr?: boolean | null;
  enforce_distillable_text?: boolean | null;
  quantizations?: string[] | null;
  sort?: ProviderSort | { by: ProviderSort; partition?: 'model' | 'none' | null } | null;
  max_price?: { prompt?: number | string; completion?: number | string; image?: number | string; audio?: number | string; request?: number | string };
  preferred_min_throughput?: number | Record<string, number> | null;
  preferred_max_latency?: number | Record<string, number> | null;
}

/** Everything but `stream`, shared by the streaming and non-streaming forms. */
export interface ChatRequestBase {
  /** A model id (`anthropic/claude-sonnet-4.5`), optionally with a variant (`:free`, `:nitro`…). */
  model?: string;
  /** Fallback models, tried in order after `model`. */
  models?: string[];
  messages: ChatMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  frequency_penalty?: number | null;
  presence_penalty?: number | null;
  repetition_penalty?: number | null;
  min_p?: number | null;
  top_a?: number | null;
  seed?: number | null;
  stop?: string | string[] | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  tools?: ChatFunctionTool[] | null;
  tool_choice?: ChatToolChoice | null;
  parallel_tool_calls?: boolean | null;
  response_format?: ChatResponseFormat | null;
  user?: string | null;
  reasoning?: ReasoningConfig | null;
  reasoning_effort?: ReasoningEffort | null;
  include_reasoning?: boolean | null;
  provider?: ProviderPreferences | null;
  route?: 'fallback' | null;
  usage?: { include?: boolean } | null;
  transforms?: string[] | null;
  metadata?: Record<string, string> | null;
  session_id?: string | null;
  stream_options?: { include_usage?: boolean } | null;
}

export interface ChatRequestNonStreaming extends ChatRequestBase {
  stream?: false | null;
}

export interface ChatRequestStreaming extends ChatRequestBase {
  stream: true;
}

export type ChatRequest = ChatRequestNonStreaming | ChatRequestStreaming;
