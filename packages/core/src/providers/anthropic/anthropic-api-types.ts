/**
 * The parts of the Anthropic Messages API (POST /v1/messages, anthropic-version 2023-06-01) this
 * adapter writes. Responses are read with the narrowing helpers of core/json.ts (every field may be
 * missing), so only request shapes are typed here.
 */

export const ANTHROPIC_VERSION = '2023-06-01';
/** `format` of the reasoning_details this adapter emits and accepts back. */
export const ANTHROPIC_REASONING_FORMAT = 'anthropic-claude-v1';

export interface CacheControl {
  readonly type: 'ephemeral';
  readonly ttl?: string;
}

export interface AnthropicTextBlock {
  readonly type: 'text';
  readonly text: string;
  readonly cache_control?: CacheControl;
}

export type AnthropicImageSource =
  | { readonly type: 'base64'; readonly media_type: string; readonly data: string }
  | { readonly type: 'url'; readonly url: string };

export interface AnthropicImageBlock {
  readonly type: 'image';
  readonly source: AnthropicImageSource;
  readonly cache_control?: CacheControl;
}

export type AnthropicDocumentSource =
  | { readonly type: 'base64'; readonly media_type: 'application/pdf'; readonly data: string }
  | { readonly type: 'url'; readonly url: string };

export interface AnthropicDocumentBlock {
  readonly type: 'document';
  readonly source: AnthropicDocumentSource;
  readonly title?: string;
  readonly cache_control?: CacheControl;
}

export interface AnthropicThinkingBlock {
  readonly type: 'thinking';
  readonly thinking: string;
  readonly signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  readonly type: 'redacted_thinking';
  readonly data: string;
}

export interface AnthropicToolUseBlock {
  readonly type: 'tool_use';
  readonly id: string;
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export type AnthropicToolResultContent = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

export interface AnthropicToolResultBlock {
  readonly type: 'tool_result';
  readonly tool_use_id: string;
  readonly content: string | readonly AnthropicToolResultContent[];
  readonly cache_control?: CacheControl;
}

export type AnthropicUserBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolResultBlock;

export type AnthropicAssistantBlock =
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicTextBlock
  | AnthropicToolUseBlock;

export type AnthropicMessage =
  | { readonly role: 'user'; readonly content: string | readonly AnthropicUserBlock[] }
  | { readonly role: 'assistant'; readonly content: string | readonly AnthropicAssistantBlock[] };

export interface AnthropicTool {
  readonly name: string;
  readonly description?: string;
  readonly input_schema: Readonly<Record<string, unknown>>;
  /** Strict tool use (structured-outputs models only). */
  readonly strict?: boolean;
  readonly cache_control?: CacheControl;
}

export type AnthropicToolChoice =
  | { readonly type: 'auto'; readonly disable_parallel_tool_use?: boolean }
  | { readonly type: 'any'; readonly disable_parallel_tool_use?: boolean }
  | { readonly type: 'tool'; readonly name: string; readonly disable_parallel_tool_use?: boolean }
  | { readonly type: 'none' };

/** Extended thinking with a token budget (every thinking model; deprecated from Claude 4.6). */
export interface AnthropicThinkingConfig {
  readonly type: 'enabled';
  readonly budget_tokens: number;
}

/**
 * Adaptive thinking: the model decides how much to think (Claude 4.6+, with output_config.effort).
 * `between_tools` (Claude Sonnet 5.5): no up-front thinking, only short notes between tool calls; the
 * model's "off" (it answers 400 to `disabled`).
 */
export interface AnthropicAdaptiveThinking {
  readonly type: 'adaptive' | 'between_tools';
}

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'max';

/**
 * Native structured outputs (GA; the beta `output_format` field moved to `output_config.format`) and
 * the effort of adaptive-thinking models.
 */
export interface AnthropicOutputConfig {
  readonly format?: { readonly type: 'json_schema'; readonly schema: Readonly<Record<string, unknown>> };
  readonly effort?: AnthropicEffort;
}

export interface AnthropicMessagesRequest {
  readonly model: string;
  readonly max_tokens: number;
  readonly system?: readonly AnthropicTextBlock[];
  readonly messages: readonly AnthropicMessage[];
  readonly tools?: readonly AnthropicTool[];
  readonly tool_choice?: AnthropicToolChoice;
  readonly thinking?: AnthropicThinkingConfig | AnthropicAdaptiveThinking;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly top_k?: number;
  readonly stop_sequences?: readonly string[];
  readonly metadata?: { readonly user_id: string };
  readonly output_config?: AnthropicOutputConfig;
  readonly stream: boolean;
}
