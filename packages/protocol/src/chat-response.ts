/** Wire shapes of OpenRouter chat completion responses (spec: ChatResult, ChatStreamChunk, ChatUsage). */

export type WireFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

export type ReasoningFormat =
  | 'unknown'
  | 'openai-responses-v1'
  | 'azure-openai-responses-v1'
  | 'xai-responses-v1'
  | 'anthropic-claude-v1'
  | 'google-gemini-v1';

/** One entry of `reasoning_details` (spec: ReasoningDetailUnion). */
export interface ReasoningDetail {
  type: 'reasoning.text' | 'reasoning.summary' | 'reasoning.encrypted';
  text?: string;
  summary?: string;
  data?: string;
  signature?: string | null;
  id?: string | null;
  format: ReasoningFormat;
  index: number;
}

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface WireUrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title?: string; content?: string; start_index?: number; end_index?: number };
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number; audio_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number; image_tokens?: number };
  cost: number;
  is_byok: boolean;
  cost_details: {
    upstream_inference_cost: number | null;
    upstream_inference_prompt_cost: number;
    upstream_inference_completions_cost: number;
  };
}

export interface WireErrorObject {
  code: number;
  message: string;
  metadata?: Record<string, unknown>;
}

export interface WireAssistantMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  tool_calls?: WireToolCall[];
  annotations?: WireUrlCitation[];
}

export interface WireChoice {
  index: number;
  message: WireAssistantMessage;
  finish_reason: WireFinishReason | null;
  native_finish_reason: string | null;
  logprobs: null;
  error?: WireErrorObject;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  provider: string;
  system_fingerprint: string | null;
  service_tier?: string | null;
  choices: WireChoice[];
  usage: WireUsage;
}

export interface WireStreamToolCall {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface WireDelta {
  role?: 'assistant';
  content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  refusal?: string | null;
  tool_calls?: WireStreamToolCall[];
  annotations?: WireUrlCitation[];
}

export interface WireStreamChoice {
  index: number;
  delta: WireDelta;
  finish_reason: WireFinishReason | null;
  native_finish_reason: string | null;
  logprobs: null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  provider: string;
  system_fingerprint?: string;
  choices: WireStreamChoice[];
  usage?: WireUsage;
  error?: WireErrorObject;
}

/** The OpenRouter error envelope: `{"error":{"code":<status>,"message":…,"metadata":{…}}}`. */
export interface ErrorBody {
  error: WireErrorObject;
}
