/**
 * The parts of Cohere's Chat API v2 (`POST /v2/chat`) this adapter uses. Request shapes are plain
 * types (from the API reference and the official SDKs' V2 types); responses and stream events are
 * narrowed from `unknown` into small read views, shaped after the recorded traffic in
 * ../shared/fixtures/cohere.
 */
import { asArray, asNumber, asRecord, asString } from '../../json.js';

// ---------------------------------------------------------------- request

export type CohereTextItem = { readonly type: 'text'; readonly text: string };
export type CohereThinkingItem = { readonly type: 'thinking'; readonly thinking: string };
export type CohereImageItem = {
  readonly type: 'image_url';
  readonly image_url: { readonly url: string; readonly detail?: 'auto' | 'low' | 'high' };
};

export interface CohereToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export type CohereMessage =
  | { readonly role: 'system'; readonly content: string | CohereTextItem[] }
  | { readonly role: 'user'; readonly content: string | (CohereTextItem | CohereImageItem)[] }
  | {
      readonly role: 'assistant';
      content?: string | (CohereTextItem | CohereThinkingItem)[];
      tool_plan?: string;
      tool_calls?: CohereToolCall[];
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string | CohereTextItem[] };

export interface CohereTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description?: string; readonly parameters?: Record<string, unknown> };
}

export type CohereThinking = { readonly type: 'enabled'; readonly token_budget?: number } | { readonly type: 'disabled' };

export interface CohereRequestBody {
  model: string;
  messages: CohereMessage[];
  stream?: boolean;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: 'REQUIRED' | 'NONE';
  response_format?: { readonly type: 'json_object'; readonly json_schema?: Record<string, unknown> };
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  k?: number;
  p?: number;
  thinking?: CohereThinking;
}

// ---------------------------------------------------------------- response views

/** Input and output counts of one of Cohere's two usage tallies. */
export interface CohereTokenCounts {
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
}

export interface CohereUsageView {
  /** `usage.tokens`: everything the model read and wrote, Cohere's own prompt template included. */
  readonly tokens: CohereTokenCounts | undefined;
  /** `usage.billed_units`: what Cohere charges for (its prompt template left out). */
  readonly billed: CohereTokenCounts | undefined;
  /** `usage.cached_tokens`, counted in `tokens` (part of tokens.input_tokens). */
  readonly cachedTokens: number | undefined;
}

export interface CohereToolCallView {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly arguments: string | undefined;
}

export interface CohereCitationView {
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly text: string | undefined;
  /** The http(s) URLs of the cited sources, with their titles (documents without a URL are left out). */
  readonly sources: readonly { readonly url: string; readonly title: string | undefined }[];
}

export interface CohereContentView {
  readonly type: string | undefined;
  readonly text: string | undefined;
  readonly thinking: string | undefined;
}

export interface CohereResponseView {
  readonly id: string | undefined;
  readonly content: readonly CohereContentView[];
  readonly toolPlan: string | undefined;
  readonly toolCalls: readonly CohereToolCallView[];
  readonly citations: readonly CohereCitationView[];
  readonly finishReason: string | undefined;
  readonly usage: CohereUsageView | undefined;
}

/** `usage` of a response or of `message-end`, both tallies as they are (usagePatch chooses). */
export function readUsage(value: unknown): CohereUsageView | undefined {
  const usage = asRecord(value);
  if (usage === undefined) return undefined;
  return { tokens: readCounts(usage['tokens']), billed: readCounts(usage['billed_units']), cachedTokens: asNumber(usage['cached_tokens']) };
}

/** `{input_tokens, output_tokens}` → counts; undefined when neither is a number. */
function readCounts(value: unknown): CohereTokenCounts | undefined {
  const counts = asRecord(value);
  const inputTokens = asNumber(counts?.['input_tokens']);
  const outputTokens = asNumber(counts?.['output_tokens']);
  return inputTokens === undefined && outputTokens === undefined ? undefined : { inputTokens, outputTokens };
}

export function readToolCall(value: unknown): CohereToolCallView {
  const call = asRecord(value);
  const fn = asRecord(call?.['function']);
  return { id: asString(call?.['id']), name: asString(fn?.['name']), arguments: asString(fn?.['arguments']) };
}

/** A `document` source's document, or a `tool` source's `tool_output` (web-search tools put a url there). */
function readSourceUrl(value: unknown): { url: string; title: string | undefined } | undefined {
  const source = asRecord(value);
  const origin = asRecord(source?.['document']) ?? asRecord(source?.['tool_output']);
  const url = asString(origin?.['url']) ?? asString(source?.['url']);
  if (url === undefined || !/^https?:\/\//i.test(url)) return undefined;
  return { url, title: asString(origin?.['title']) ?? asString(source?.['title']) };
}

export function readCitation(value: unknown): CohereCitationView {
  const citation = asRecord(value);
  return {
    start: asNumber(citation?.['start']),
    end: asNumber(citation?.['end']),
    text: asString(citation?.['text']),
    sources: asArray(citation?.['sources']).flatMap((source) => readSourceUrl(source) ?? []),
  };
}

export function readContent(value: unknown): CohereContentView {
  const item = asRecord(value);
  return { type: asString(item?.['type']), text: asString(item?.['text']), thinking: asString(item?.['thinking']) };
}

/** A V2ChatResponse body; undefined when it has no `message` object. */
export function readCohereResponse(value: unknown): CohereResponseView | undefined {
  const body = asRecord(value);
  const message = asRecord(body?.['message']);
  if (body === undefined || message === undefined) return undefined;
  return {
    id: asString(body['id']),
    content: asArray(message['content']).map(readContent),
    toolPlan: asString(message['tool_plan']),
    toolCalls: asArray(message['tool_calls']).map(readToolCall),
    citations: asArray(message['citations']).map(readCitation),
    finishReason: asString(body['finish_reason']),
    usage: readUsage(body['usage']),
  };
}

/** Cohere's error body `{"message": "..."}` (some gateways answer `{"error": "..."}` or `{"error": {"message"}}`). */
export function readCohereErrorMessage(value: unknown): string | undefined {
  const body = asRecord(value);
  if (body === undefined) return undefined;
  const error = body['error'];
  return asString(body['message']) ?? asString(error) ?? asString(asRecord(error)?.['message']);
}
