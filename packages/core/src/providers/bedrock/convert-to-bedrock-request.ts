import type { ChatCompletionRequest } from '@switchyard/protocol';
import { requestedMaxTokens } from '../shared/reasoning.js';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import { authenticate } from './bedrock-auth.js';
import { rejectForcedToolChoice } from '../anthropic/anthropic-tool-choice.js';
import { answerToolAllowed, bedrockClaudeTraits, claudeThinking, jsonObjectInstruction, nativeOutputConfig } from './bedrock-claude.js';
import {
  JSON_TOOL_NAME,
  type BedrockConverseRequest,
  type BedrockInferenceConfig,
  type BedrockMessage,
  type BedrockToolChoice,
  type BedrockToolConfig,
  type BedrockToolSpec,
} from './bedrock-api-types.js';
import { CACHE_POINT } from './convert-bedrock-content.js';
import { convertMessages, toolBlocksAsText } from './convert-bedrock-messages.js';
import { uriEncode } from './sign-sigv4.js';

/** `POST {baseUrl}/model/{modelId}/converse` or `/converse-stream`; the model id is one encoded path segment. */
export function bedrockUrl(baseUrl: string, upstreamModel: string, stream: boolean): string {
  return `${baseUrl.replace(/\/+$/, '')}/model/${uriEncode(upstreamModel)}/${stream ? 'converse-stream' : 'converse'}`;
}

export function buildBedrockRequest(ctx: BuildContext): HttpRequestSpec {
  const { settings } = ctx;
  const url = bedrockUrl(settings.baseUrl, ctx.upstreamModel, ctx.stream);
  const body = JSON.stringify(convertToBedrockRequest(ctx));
  const base: Record<string, string> = { 'content-type': 'application/json', accept: ctx.stream ? 'application/vnd.amazon.eventstream' : 'application/json' };
  const headers = { ...authenticate(settings, { url, headers: base, body }, ctx.now, ctx.awsCredentials), ...settings.headers };
  return { url, method: 'POST', headers, body, framing: ctx.stream ? 'aws-eventstream' : 'json' };
}

/**
 * The OpenAI/OpenRouter chat request → a Converse request body. Claude models take the Anthropic
 * adapter's per-model forms (bedrock-claude.ts): budget or adaptive thinking with an effort, and
 * native structured outputs where the model has them.
 */
export function convertToBedrockRequest(ctx: BuildContext): BedrockConverseRequest {
  const { request } = ctx;
  const traits = bedrockClaudeTraits(ctx.upstreamModel);
  if (traits !== undefined) rejectForcedToolChoice(request, traits, ctx.upstreamModel);
  const output = nativeOutputConfig(request, traits);
  const converted = convertMessages(request.messages);
  const tools = toolConfig(request, output === undefined && answerToolAllowed(traits) ? jsonTool(request) : undefined);
  const messages = tools === undefined ? toolBlocksAsText(converted.messages) : converted.messages;
  const body: BedrockConverseRequest = { messages };
  const instruction = jsonObjectInstruction(request, traits);
  const system = instruction === undefined ? converted.system : [...converted.system, instruction];
  if (system.length > 0) body.system = system;
  if (tools !== undefined) body.toolConfig = tools;
  const thinking = traits !== undefined && thinkingAllowed(tools, messages) ? claudeThinking(request, ctx.maxCompletionTokens, traits) : undefined;
  const inference = inferenceConfig(request, thinking?.maxTokens);
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  if (thinking !== undefined) body.additionalModelRequestFields = { ...thinking.fields };
  if (output !== undefined) body.outputConfig = output;
  return body;
}

/**
 * Whether Claude may think. Like Anthropic's own API, Bedrock answers 400 to thinking with a forced
 * tool (tool_choice any/tool, or the JSON answer tool), and to a tool loop whose last assistant turn
 * has toolUse without its reasoning echoed back: reasoning is then off.
 */
function thinkingAllowed(tools: BedrockToolConfig | undefined, messages: readonly BedrockMessage[]): boolean {
  const choice = tools?.toolChoice;
  if (choice !== undefined && ('any' in choice || 'tool' in choice)) return false;
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  if (lastAssistant === undefined || !lastAssistant.content.some((block) => 'toolUse' in block)) return true;
  return lastAssistant.content[0] !== undefined && 'reasoningContent' in lastAssistant.content[0];
}

/** Smallest top_p Claude accepts while extended thinking is on. */
const MIN_TOP_P_WITH_THINKING = 0.95;

/**
 * temperature (OpenAI range 0–2) is clamped to Bedrock's 0–1. With thinking on, Claude rejects a
 * temperature change and top_p below 0.95, so those are dropped.
 */
function inferenceConfig(request: ChatCompletionRequest, thinkingMaxTokens: number | undefined): BedrockInferenceConfig {
  const config: BedrockInferenceConfig = {};
  const thinking = thinkingMaxTokens !== undefined;
  const maxTokens = thinkingMaxTokens ?? requestedMaxTokens(request);
  if (maxTokens !== undefined) config.maxTokens = maxTokens;
  if (request.temperature != null && !thinking) config.temperature = Math.min(request.temperature, 1);
  if (request.top_p != null && (!thinking || request.top_p >= MIN_TOP_P_WITH_THINKING)) config.topP = request.top_p;
  const stop = request.stop == null ? [] : typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop.length > 0) config.stopSequences = [...stop];
  return config;
}

/** The forced tool that carries a JSON answer (response_format json_schema / json_object). */
function jsonTool(request: ChatCompletionRequest): BedrockToolSpec | undefined {
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    return {
      toolSpec: {
        name: JSON_TOOL_NAME,
        description: format.json_schema.description ?? `Respond with the ${format.json_schema.name} JSON object.`,
        inputSchema: { json: format.json_schema.schema ?? { type: 'object' } },
      },
    };
  }
  if (format?.type === 'json_object') {
    return { toolSpec: { name: JSON_TOOL_NAME, description: 'Respond with a JSON object.', inputSchema: { json: { type: 'object', additionalProperties: true } } } };
  }
  return undefined;
}

/**
 * `tools` + `tool_choice` → toolConfig. `none` omits the tools. The JSON answer tool, when given, is
 * added and forced (or, with other tools, some tool call is forced); thinking is then off.
 */
function toolConfig(request: ChatCompletionRequest, answer: BedrockToolSpec | undefined): BedrockToolConfig | undefined {
  const choice = request.tool_choice ?? undefined;
  const specs: BedrockToolConfig['tools'] = [];
  if (choice !== 'none') {
    for (const { function: fn, cache_control: cache } of request.tools ?? []) {
      specs.push({
        toolSpec: {
          name: fn.name,
          ...(fn.description === undefined ? {} : { description: fn.description }),
          inputSchema: { json: fn.parameters ?? { type: 'object', properties: {} } },
        },
      });
      if (cache !== undefined) specs.push(CACHE_POINT);
    }
  }
  const userTools = specs.length > 0;
  if (answer !== undefined) specs.push(answer);
  if (specs.length === 0) return undefined;
  const config: BedrockToolConfig = { tools: specs };
  const toolChoice = chooseTool(choice, userTools, answer !== undefined);
  if (toolChoice !== undefined) config.toolChoice = toolChoice;
  return config;
}

function chooseTool(
  choice: ChatCompletionRequest['tool_choice'],
  userTools: boolean,
  json: boolean,
): BedrockToolChoice | undefined {
  if (typeof choice === 'object' && choice !== null && userTools) return { tool: { name: choice.function.name } };
  if (json) return userTools ? { any: {} } : { tool: { name: JSON_TOOL_NAME } };
  if (choice === 'required' && userTools) return { any: {} };
  if (choice === 'auto') return { auto: {} };
  return undefined;
}
