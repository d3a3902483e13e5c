import type { ReasoningDetail, WireUrlCitation } from '@switchyard/protocol';
import type { GatewayError } from '../errors/gateway-error.js';

/** Finish reasons as OpenRouter normalises them. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

/**
 * Token counts as the provider counted them (native tokens).
 * - `promptTokens` includes cache reads and cache writes (OpenAI's convention; adapters for
 *   providers that report them separately, like Anthropic, add them up).
 * - `completionTokens` includes reasoning tokens (adapters for Gemini add `thoughtsTokenCount`).
 */
export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedTokens?: number;
  readonly cacheWriteTokens?: number;
  readonly reasoningTokens?: number;
}

/** Usage reported part by part (Anthropic: input in message_start, output in message_delta). Later fields win. */
export type UsagePatch = { -readonly [K in keyof Usage]?: Usage[K] };

/**
 * The one typed event stream every adapter produces, from a non-streaming body or a stream.
 * OpenAI wire shapes exist only at the HTTP edge (output/).
 */
export type CanonicalEvent =
  | {
      readonly type: 'response-start';
      /** The provider's own id for the response (kept as `upstream_id`). */
      readonly upstreamId?: string;
      /** The model the provider says served, e.g. "gpt-4o-2024-08-06". */
      readonly upstreamModel?: string;
      readonly systemFingerprint?: string;
      readonly serviceTier?: string;
    }
  | { readonly type: 'text-delta'; readonly delta: string }
  /** Human-readable reasoning text (`message.reasoning`); `detail` is its structured form, if any. */
  | { readonly type: 'reasoning-delta'; readonly delta: string; readonly detail?: ReasoningDetail }
  /** A structured reasoning piece with no readable text (signature, encrypted/redacted block). */
  | { readonly type: 'reasoning-detail'; readonly detail: ReasoningDetail }
  | { readonly type: 'refusal-delta'; readonly delta: string }
  /**
   * A tool call piece. `index` is dense and 0-based in order of first appearance (adapters remap
   * provider block indexes); `id` and `name` come on the first piece of each call.
   */
  | {
      readonly type: 'tool-call-delta';
      readonly index: number;
      readonly id?: string;
      readonly name?: string;
      readonly argumentsDelta: string;
    }
  | { readonly type: 'annotation'; readonly annotation: WireUrlCitation }
  | { readonly type: 'usage'; readonly usage: UsagePatch }
  | { readonly type: 'finish'; readonly reason: FinishReason; readonly native: string | undefined }
  /** The provider failed after the response started (mid-stream error event). */
  | { readonly type: 'error'; readonly error: GatewayError };

export type CanonicalEventType = CanonicalEvent['type'];

/** True for events that put content in front of the client (the commit point for fallback). */
export function isContentEvent(event: CanonicalEvent): boolean {
  switch (event.type) {
    case 'text-delta':
    case 'reasoning-delta':
    case 'reasoning-detail':
    case 'refusal-delta':
    case 'tool-call-delta':
    case 'annotation':
      return true;
    default:
      return false;
  }
}

export function mergeUsage(into: UsagePatch, patch: UsagePatch): void {
  for (const key of Object.keys(patch) as (keyof UsagePatch)[]) {
    const value = patch[key];
    if (value !== undefined) into[key] = value;
  }
}
