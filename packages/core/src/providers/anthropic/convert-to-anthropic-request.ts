import type { ChatCompletionRequest, FunctionTool } from '@switchyard/protocol';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import {
  ANTHROPIC_VERSION,
  type AnthropicMessage,
  type AnthropicMessagesRequest,
  type AnthropicOutputConfig,
  type AnthropicTextBlock,
  type AnthropicThinkingConfig,
  type AnthropicTool,
  type AnthropicToolChoice,
} from './anthropic-api-types.js';
import { planThinking } from './anthropic-thinking.js';
import { cacheControlOf } from './convert-anthropic-content.js';
import { convertMessages } from './convert-anthropic-messages.js';

/**
 * `response_format: json_object` has no Anthropic equivalent (native structured outputs need a schema),
 * so it becomes this instruction at the end of `system`.
 */
export const JSON_OBJECT_INSTRUCTION =
  'Respond with a single valid JSON object only: no prose before or after it and no Markdown code fences.';

/** Smallest top_p Anthropic accepts while extended thinking is on. */
const MIN_TOP_P_WITH_THINKING = 0.95;

export function buildAnthropicRequest(ctx: BuildContext): HttpRequestSpec {
  const body = convertToAnthropicRequest(ctx);
  const { settings } = ctx;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(settings.apiKey === undefined ? {} : { 'x-api-key': settings.apiKey }),
    'anthropic-version': ANTHROPIC_VERSION,
    // Operator headers last: they may add anthropic-beta or override anything above.
    ...settings.headers,
  };
  return {
    url: `${settings.baseUrl.replace(/\/+$/, '')}/messages`,
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

/** The OpenAI chat request → an Anthropic Messages request body. Throws GatewayError invalid_request on bad input. */
export function convertToAnthropicRequest(ctx: BuildContext): AnthropicMessagesRequest {
  const { request } = ctx;
  const { system, messages } = convertMessages(request.messages);
  const tools = convertTools(request.tools ?? []);
  const toolChoice = tools.length === 0 ? undefined : convertToolChoice(request);
  const plan = planThinking(request, ctx.maxCompletionTokens);
  const thinking = thinkingAllowed(toolChoice, messages) ? plan.thinking : undefined;
  const outputConfig = convertResponseFormat(request, system);
  return {
    model: ctx.upstreamModel,
    max_tokens: plan.maxTokens,
    ...(system.length === 0 ? {} : { system }),
    messages,
    ...(tools.length === 0 ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(thinking === undefined ? {} : { thinking }),
    ...samplingFields(request, thinking),
    ...(request.user == null ? {} : { metadata: { user_id: request.user } }),
    ...(outputConfig === undefined ? {} : { output_config: outputConfig }),
    stream: ctx.stream,
  };
}

/**
 * Anthropic rejects thinking (HTTP 400) in two cases, so reasoning is turned off for the request instead:
 * - a forced tool (tool_choice any/tool): the forced call wins;
 * - a tool loop whose last assistant turn has tool_use but does not start with a thinking block
 *   ("a final assistant message must start with a thinking block"), i.e. a client that did not echo
 *   `reasoning_details` back.
 */
function thinkingAllowed(toolChoice: AnthropicToolChoice | undefined, messages: readonly AnthropicMessage[]): boolean {
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') return false;
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  if (lastAssistant === undefined || typeof lastAssistant.content === 'string') return true;
  const usesTools = lastAssistant.content.some((block) => block.type === 'tool_use');
  const first = lastAssistant.content[0]?.type;
  return !usesTools || first === 'thinking' || first === 'redacted_thinking';
}

/**
 * `strict` is not forwarded: Anthropic's strict tool use belongs to structured outputs, which only
 * some models support (docs: Opus 4.5+, Sonnet 4.5+, Haiku 4.5), and the adapter does not know the model's features.
 */
function convertTools(tools: readonly FunctionTool[]): AnthropicTool[] {
  return tools.map((tool) => ({
    name: tool.function.name,
    ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
    input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    ...cacheControlOf(tool),
  }));
}

function convertToolChoice(request: ChatCompletionRequest): AnthropicToolChoice | undefined {
  const choice = request.tool_choice ?? undefined;
  const parallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...parallel };
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...parallel };
  if (choice === 'auto' || request.parallel_tool_calls === false) return { type: 'auto', ...parallel };
  return undefined;
}

/**
 * temperature (OpenAI range 0–2) is clamped to Anthropic's 0–1. With thinking on, Anthropic rejects
 * temperature and top_k changes and top_p below 0.95, so those are dropped.
 */
function samplingFields(
  request: ChatCompletionRequest,
  thinking: AnthropicThinkingConfig | undefined,
): Pick<AnthropicMessagesRequest, 'temperature' | 'top_p' | 'top_k' | 'stop_sequences'> {
  const fields: { temperature?: number; top_p?: number; top_k?: number; stop_sequences?: readonly string[] } = {};
  const thinkingOn = thinking !== undefined;
  if (request.temperature != null && !thinkingOn) fields.temperature = Math.min(request.temperature, 1);
  if (request.top_p != null && (!thinkingOn || request.top_p >= MIN_TOP_P_WITH_THINKING)) fields.top_p = request.top_p;
  if (request.top_k != null && !thinkingOn) fields.top_k = request.top_k;
  const stop = request.stop ?? undefined;
  if (stop !== undefined) {
    const sequences = typeof stop === 'string' ? [stop] : stop;
    if (sequences.length > 0) fields.stop_sequences = sequences;
  }
  return fields;
}

/**
 * json_schema → Anthropic's native structured outputs, `output_config.format` (GA; it replaced the beta
 * `output_format` field and needs no beta header; models without structured outputs answer 400, so the
 * catalog should list `structured_outputs` only for models that have it). json_object (or json_schema without a schema) →
 * JSON_OBJECT_INSTRUCTION appended to `system` (mutates the given system blocks).
 */
function convertResponseFormat(request: ChatCompletionRequest, system: AnthropicTextBlock[]): AnthropicOutputConfig | undefined {
  const format = request.response_format ?? undefined;
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_schema' && format.json_schema.schema !== undefined) {
    return { format: { type: 'json_schema', schema: format.json_schema.schema } };
  }
  system.push({ type: 'text', text: JSON_OBJECT_INSTRUCTION });
  return undefined;
}
