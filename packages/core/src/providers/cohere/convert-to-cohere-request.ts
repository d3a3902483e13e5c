import type { ChatCompletionRequest } from '@switchyard/protocol';
import { requestedMaxTokens, resolveReasoning } from '../shared/reasoning.js';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import type { CohereRequestBody, CohereTool } from './cohere-api-types.js';
import { isCohereReasoningModel, thinkingFor } from './cohere-reasoning.js';
import { convertCohereMessages } from './convert-cohere-messages.js';

/** `POST {baseUrl}/chat` (baseUrl https://api.cohere.com/v2), Bearer auth; streams are SSE. */
export function buildCohereRequest(ctx: BuildContext): HttpRequestSpec {
  const { settings } = ctx;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: ctx.stream ? 'text/event-stream' : 'application/json' };
  if (settings.apiKey !== undefined) headers['authorization'] = `Bearer ${settings.apiKey}`;
  Object.assign(headers, settings.headers);
  return {
    url: `${settings.baseUrl.replace(/\/+$/, '')}/chat`,
    method: 'POST',
    headers,
    body: JSON.stringify(convertToCohereRequest(ctx)),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

/** The OpenAI/OpenRouter chat request → a Cohere v2 chat body. */
export function convertToCohereRequest(ctx: BuildContext): CohereRequestBody {
  const { request, upstreamModel } = ctx;
  const reasoningModel = isCohereReasoningModel(upstreamModel);
  const body: CohereRequestBody = {
    model: upstreamModel,
    messages: convertCohereMessages(request.messages, { reasoningModel }),
  };
  if (ctx.stream) body.stream = true;
  applySampling(body, request);
  applyTools(body, request);
  applyResponseFormat(body, request);
  const maxTokens = requestedMaxTokens(request);
  const thinking = thinkingFor(resolveReasoning(request), upstreamModel, maxTokens, ctx.maxCompletionTokens);
  if (thinking !== undefined) body.thinking = thinking;
  return body;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Sampling parameters under Cohere's names (top_p → p, top_k → k, stop → stop_sequences), clamped
 * to Cohere's documented ranges where OpenAI's are wider: p 0.01–0.99 (clients often send 1),
 * k 0–500, frequency and presence penalties 0–1 (OpenAI allows −2–2).
 */
function applySampling(body: CohereRequestBody, request: ChatCompletionRequest): void {
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p != null) body.p = clamp(request.top_p, 0.01, 0.99);
  if (request.top_k != null) body.k = clamp(request.top_k, 0, 500);
  const maxTokens = requestedMaxTokens(request);
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  const stop = request.stop == null ? [] : typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop.length > 0) body.stop_sequences = [...stop];
  if (request.seed != null) body.seed = request.seed;
  if (request.frequency_penalty != null) body.frequency_penalty = clamp(request.frequency_penalty, 0, 1);
  if (request.presence_penalty != null) body.presence_penalty = clamp(request.presence_penalty, 0, 1);
}

function cohereTool(tool: NonNullable<ChatCompletionRequest['tools']>[number]): CohereTool {
  const fn = tool.function;
  return {
    type: 'function',
    function: {
      name: fn.name,
      ...(fn.description === undefined ? {} : { description: fn.description }),
      ...(fn.parameters === undefined ? {} : { parameters: fn.parameters }),
    },
  };
}

/**
 * Tools and tool_choice. Cohere has `REQUIRED` and `NONE` (absent = auto); a named function is
 * emulated by sending only that tool with `REQUIRED`. `strict: true` on any tool turns on
 * Cohere's request-wide `strict_tools`.
 */
function applyTools(body: CohereRequestBody, request: ChatCompletionRequest): void {
  const tools = request.tools ?? [];
  if (tools.length === 0) return;
  const choice = request.tool_choice;
  const named = choice != null && typeof choice === 'object' ? choice.function.name : undefined;
  const chosen = named === undefined ? tools : tools.filter((tool) => tool.function.name === named);
  body.tools = (chosen.length > 0 ? chosen : tools).map(cohereTool);
  if (tools.some((tool) => tool.function.strict === true)) body.strict_tools = true;
  if (choice === 'required' || (named !== undefined && chosen.length > 0)) body.tool_choice = 'REQUIRED';
  if (choice === 'none') body.tool_choice = 'NONE';
}

/** json_object → `{type: json_object}`; json_schema → `{type: json_object, json_schema}` (Cohere always enforces a given schema). */
function applyResponseFormat(body: CohereRequestBody, request: ChatCompletionRequest): void {
  const format = request.response_format;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    const schema = format.json_schema.schema;
    body.response_format = schema === undefined ? { type: 'json_object' } : { type: 'json_object', json_schema: schema };
  }
}
