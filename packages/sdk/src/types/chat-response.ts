import type { ChatToolCall, ReasoningDetail } from './chat-request.js';

/** The response of `POST /chat/completions` (OpenRouter's `ChatResult`, `ChatStreamChunk`), wire names. */

export type FinishReason = 'tool_calls' | 'stop' | 'length' | 'content_filter' | 'error';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** What the request cost, in USD credits. */
  cost?: number | null;
  is_byok?: boolean;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number; audio_tokens?: number; video_tokens?: number } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number | null;
    audio_tokens?: number | null;
    accepted_prediction_tokens?: number | null;
    rejected_prediction_tokens?: number | null;
  } | null;
  cost_details?: { upstream_inference_cost?: number | null; upstream_inference_prompt_cost: number; upstream_inference_completions_cost: number };
}

export interface UrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title?: string; content?: string; start_index?: number; end_index?: number };
}

export interface ChatAssistantMessage {
  role: 'assistant';
  content?: string | null;
  name?: string;
  model?: string;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  refusal?: string | null;
  tool_calls?: ChatToolCall[];
  annotations?: UrlCitation[];
  images?: { type: 'image_url'; image_url: { url: string } }[];
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: { token: string; logprob: number; bytes: number[] | null }[];
}

export interface ChatLogprobs {
  content: TokenLogprob[] | null;
  refusal?: TokenLogprob[] | null;
}

export interface ChatChoice {
  index: number;
  message: ChatAssistantMessage;
  finish_reason: FinishReason | null;
  native_finish_reason?: string | null;
  logprobs?: ChatLogprobs | null;
}

/** The answer of a non-streaming `chat.send`. */
export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  provider?: string;
  choices: ChatChoice[];
  usage?: ChatUsage;
  system_fingerprint: string | null;
  service_tier?: string | null;
}

export interface ChatStreamToolCall {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatStreamDelta {
  role?: 'assistant';
  content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  refusal?: string | null;
  tool_calls?: ChatStreamToolCall[];
  annotations?: UrlCitation[];
}

export interface ChatStreamChoice {
  index: number;
  delta: ChatStreamDelta;
  finish_reason: FinishReason | null;
  native_finish_reason?: string | null;
  logprobs?: ChatLogprobs | null;
}

/** One chunk of a streaming `chat.send`; the last one has `choices: []` and `usage` (with `cost`). */
export interface ChatStreamChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  provider?: string;
  choices: ChatStreamChoice[];
  usage?: ChatUsage;
  system_fingerprint?: string;
  service_tier?: string | null;
  /** A failure after the stream started (the SDK throws a `StreamError` instead of yielding it). */
  error?: { code: number; message: string; metadata?: Record<string, unknown> };
}
