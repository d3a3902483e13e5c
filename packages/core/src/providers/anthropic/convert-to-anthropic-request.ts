import type { ChatCompletionRequest, FunctionTool } from '@switchyard/protocol';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import {
  ANTHROPIC_VERSION,
  type AnthropicMessage,
  type AnthropicMessagesRequest,
  type AnthropicOutputConfig,
  type AnthropicAdaptiveThinking,
  type AnthropicTextBlock,
  type AnthropicThinkingConfig,
  type AnthropicTool,
  type AnthropicToolChoice,
} from './anthropic-api-types.js';
import { JSON_TOOL_NAME, jsonResponseTool } from './anthropic-json-tool.js';
import { anthropicModelTraits, type AnthropicModelTraits } from './anthropic-models.js';
import { planAnthropicThinking } from './anthropic-thinking.js';
import { rejectForcedToolChoice } from './anthropic-tool-choice.js';
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

/**
 * The OpenAI chat request → an Anthropic Messages request body. Throws GatewayError invalid_request on bad
 * input, and on a forced tool choice for a model that rejects forced tool use (anthropic-tool-choice.ts).
 */
export function convertToAnthropicRequest(ctx: BuildContext): AnthropicMessagesRequest {
  const { request } = ctx;
  const traits = anthropicModelTraits(ctx.upstreamModel);
  rejectForcedToolChoice(request, traits, ctx.upstreamModel);
  const { system, messages } = convertMessages(request.messages);
  const tools = convertTools(request.tools ?? [], traits);
  const format = convertResponseFormat(request, system, traits);
  if (format.tool !== undefined) tools.push(format.tool);
  const toolChoice = format.tool === undefined ? (tools.length === 0 ? undefined : convertToolChoice(request)) : answerToolChoice(request);
  const plan = planAnthropicThinking(request, ctx.maxCompletionTokens, traits);
  const thinking = thinkingAllowed(toolChoice, messages) ? plan.thinking : undefined;
  const effort = thinking === undefined ? undefined : plan.effort;
  const outputConfig = format.output === undefined && effort === undefined ? undefined : { ...format.output, ...(effort === undefined ? {} : { effort }) };
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

/** `strict: true` is forwarded only to models with structured outputs (strict tool use is part of it; others answer 400). */
function convertTools(tools: readonly FunctionTool[], traits: AnthropicModelTraits): AnthropicTool[] {
  return tools.map((tool) => ({
    name: tool.function.name,
    ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
    input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    ...(tool.function.strict === true && traits.structuredOutputs ? { strict: true } : {}),
    ...cacheControlOf(tool),
  }));
}

/**
 * With the emulated answer tool: no client tools (or tool_choice none) → that tool is forced; a named
 * client tool stays forced; otherwise some tool must be called (a client tool, or the answer tool for
 * the final answer). Thinking is then off (Anthropic rejects it with a forced tool).
 */
function answerToolChoice(request: ChatCompletionRequest): AnthropicToolChoice {
  const choice = request.tool_choice ?? undefined;
  if ((request.tools ?? []).length === 0 || choice === 'none') return { type: 'tool', name: JSON_TOOL_NAME };
  const parallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...parallel };
  return { type: 'any', ...parallel };
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
  thinking: AnthropicThinkingConfig | AnthropicAdaptiveThinking | undefined,
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

interface ConvertedFormat {
  readonly output?: AnthropicOutputConfig;
  readonly tool?: AnthropicTool;
}

/**
 * json_schema → Anthropic's native structured outputs, `output_config.format` (GA; it replaced the beta
 * `output_format` field and needs no beta header) on models that have them (anthropic-models.ts), else
 * the answer tool of anthropic-json-tool.ts. json_object (or json_schema without a schema) →
 * JSON_OBJECT_INSTRUCTION appended to `system` (mutates the given system blocks).
 */
function convertResponseFormat(request: ChatCompletionRequest, system: AnthropicTextBlock[], traits: AnthropicModelTraits): ConvertedFormat {
  const format = request.response_format ?? undefined;
  if (format === undefined || format.type === 'text') return {};
  if (format.type === 'json_schema' && format.json_schema.schema !== undefined) {
    const schema = format.json_schema.schema;
    return traits.structuredOutputs ? { output: { format: { type: 'json_schema', schema } } } : { tool: jsonResponseTool(request, schema) };
  }
  system.push({ type: 'text', text: JSON_OBJECT_INSTRUCTION });
  return {};
}
