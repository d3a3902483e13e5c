import type { ChatCompletionRequest } from '@switchyard/protocol';

/**
 * Request fields governed by an endpoint's `supported_parameters` (OpenRouter's vocabulary), and the
 * supported-parameter names that allow each. Everything else is either required (messages) or
 * gateway-level (provider, models, …) and is never dropped here.
 */
const GOVERNED: Readonly<Record<string, readonly string[]>> = {
  temperature: ['temperature'],
  top_p: ['top_p'],
  top_k: ['top_k'],
  min_p: ['min_p'],
  top_a: ['top_a'],
  frequency_penalty: ['frequency_penalty'],
  presence_penalty: ['presence_penalty'],
  repetition_penalty: ['repetition_penalty'],
  max_tokens: ['max_tokens', 'max_completion_tokens'],
  max_completion_tokens: ['max_completion_tokens', 'max_tokens'],
  logit_bias: ['logit_bias'],
  logprobs: ['logprobs'],
  top_logprobs: ['top_logprobs'],
  seed: ['seed'],
  stop: ['stop'],
  response_format: ['response_format', 'structured_outputs'], // json_schema: see allowsResponseFormat
  tools: ['tools'],
  tool_choice: ['tool_choice'],
  parallel_tool_calls: ['parallel_tool_calls'],
  reasoning: ['reasoning'],
  reasoning_effort: ['reasoning', 'reasoning_effort'],
  include_reasoning: ['include_reasoning', 'reasoning'],
  web_search_options: ['web_search_options'],
  verbosity: ['verbosity'],
};

/** `GOVERNED` as entries, built once (this runs for every attempt). */
const GOVERNED_ENTRIES = Object.entries(GOVERNED);
const GOVERNED_FIELDS = Object.keys(GOVERNED);

export interface FilteredRequest {
  readonly request: ChatCompletionRequest;
  /** Names of the fields that were present and dropped. */
  readonly dropped: readonly string[];
}

/** Drops the parameters an endpoint does not support, as OpenRouter does (unless require_parameters). */
export function filterUnsupportedParameters(
  request: ChatCompletionRequest,
  supported: ReadonlySet<string>,
): FilteredRequest {
  const dropped: string[] = [];
  const record = request as Record<string, unknown>;
  for (const [field, allowedBy] of GOVERNED_ENTRIES) {
    if (record[field] == null) continue;
    if (field === 'response_format' ? allowsResponseFormat(request, supported) : allowedBy.some((name) => supported.has(name))) continue;
    dropped.push(field);
  }
  if (dropped.length === 0) return { request, dropped };
  const copy: Record<string, unknown> = { ...request };
  for (const field of dropped) delete copy[field];
  return { request: copy as ChatCompletionRequest, dropped };
}

/**
 * `json_schema` needs `structured_outputs` (OpenRouter's capability flag for JSON-schema output);
 * `json_object` needs `response_format`. A schema is never silently downgraded to plain JSON mode.
 */
function allowsResponseFormat(request: ChatCompletionRequest, supported: ReadonlySet<string>): boolean {
  const type = request.response_format?.type;
  if (type === 'json_schema') return supported.has('structured_outputs');
  return supported.has('response_format') || supported.has('structured_outputs');
}

/** The governed parameters a request uses (for `require_parameters`). */
export function usedParameters(request: ChatCompletionRequest): string[] {
  const record = request as Record<string, unknown>;
  return GOVERNED_FIELDS.filter((field) => record[field] != null);
}
