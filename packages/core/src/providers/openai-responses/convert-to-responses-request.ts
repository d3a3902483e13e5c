import type { ChatCompletionRequest, ResponseFormat, ToolChoice } from '@switchyard/protocol';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import { effortFromBudget, requestedMaxTokens, resolveReasoning } from '../shared/reasoning.js';
import { convertResponsesInput } from './convert-responses-input.js';
import { responsesEffort } from './responses-efforts.js';
import type { ResponsesTarget } from './responses-target.js';

/**
 * Models that reason (o-series, gpt-5 and later except the chat variants, codex): only they return
 * encrypted reasoning (other models reject `include: ["reasoning.encrypted_content"]`). GPT-6.x all
 * reason (their model pages list reasoning efforts; 6.2 Sol / Astra cannot turn it off).
 */
const REASONING_MODEL = /^(o\d|gpt-(?:5|[6-9])(?!(\.\d+)?-chat)|codex|computer-use)/i;

/** Chat Completions request → `POST /responses` (stateless: `store: false`). */
export function buildResponsesRequest(ctx: BuildContext, target: ResponsesTarget): HttpRequestSpec {
  const { request } = ctx;
  const { instructions, input } = convertResponsesInput(request.messages, target.reasoningFormat);
  const body: Record<string, unknown> = { model: ctx.upstreamModel };
  if (instructions !== undefined) body['instructions'] = instructions;
  body['input'] = input;
  Object.assign(body, samplingFields(request), toolFields(request));
  const format = textFormat(request.response_format ?? undefined);
  if (format !== undefined) body['text'] = { format };
  const maxTokens = requestedMaxTokens(request);
  if (maxTokens !== undefined) body['max_output_tokens'] = maxTokens;
  const reasoning = reasoningField(ctx);
  if (reasoning !== undefined) body['reasoning'] = reasoning;
  body['store'] = false;
  if (reasoning !== undefined || REASONING_MODEL.test(ctx.upstreamModel)) body['include'] = ['reasoning.encrypted_content'];
  if (ctx.stream) body['stream'] = true;
  return {
    url: target.url(ctx),
    method: 'POST',
    headers: requestHeaders(ctx, target),
    body: JSON.stringify(body),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

function samplingFields(request: ChatCompletionRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (request.temperature != null) out['temperature'] = request.temperature;
  if (request.top_p != null) out['top_p'] = request.top_p;
  if (request.user != null) out['user'] = request.user;
  return out;
}

function toolFields(request: ChatCompletionRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (request.tools != null && request.tools.length > 0) {
    out['tools'] = request.tools.map(({ function: fn }) => ({
      type: 'function',
      name: fn.name,
      ...(fn.description === undefined ? {} : { description: fn.description }),
      parameters: fn.parameters ?? { type: 'object', properties: {} },
      // The Responses API defaults to strict; Chat Completions does not.
      strict: fn.strict ?? false,
    }));
  }
  if (request.tool_choice != null) out['tool_choice'] = toolChoice(request.tool_choice);
  if (request.parallel_tool_calls != null) out['parallel_tool_calls'] = request.parallel_tool_calls;
  return out;
}

function toolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.function.name };
}

function textFormat(format: ResponseFormat | undefined): Record<string, unknown> | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const { name, description, schema, strict } = format.json_schema;
  return {
    type: 'json_schema',
    name,
    ...(description === undefined ? {} : { description }),
    schema: schema ?? { type: 'object' },
    ...(strict == null ? {} : { strict }),
  };
}

/**
 * `reasoning: {effort, summary}`: effort as asked (a token budget becomes the nearest effort), mapped to
 * the nearest one the model takes (responses-efforts.ts), summaries unless the caller excluded
 * reasoning. Turned off or unspecified: the model's default.
 */
function reasoningField(ctx: BuildContext): Record<string, unknown> | undefined {
  const resolved = resolveReasoning(ctx.request);
  if (resolved?.enabled !== true) return undefined;
  const limit = requestedMaxTokens(ctx.request) ?? ctx.maxCompletionTokens;
  const effort =
    resolved.effort ??
    (resolved.maxTokens !== undefined && limit !== undefined ? effortFromBudget(resolved.maxTokens, limit) : 'medium');
  const sent = responsesEffort(ctx.upstreamModel, effort);
  return resolved.exclude ? { effort: sent } : { effort: sent, summary: 'auto' };
}

function requestHeaders(ctx: BuildContext, target: ResponsesTarget): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const { apiKey } = ctx.settings;
  if (apiKey !== undefined && apiKey !== '') headers[target.auth.header] = `${target.auth.prefix}${apiKey}`;
  for (const [name, value] of Object.entries(ctx.settings.headers)) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
  return headers;
}
