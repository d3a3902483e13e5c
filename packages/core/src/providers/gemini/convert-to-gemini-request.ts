import type { ChatCompletionRequest } from '@switchyard/protocol';
import { requestedMaxTokens, resolveReasoning } from '../shared/reasoning.js';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import { convertMessages } from './convert-gemini-messages.js';
import type {
  GeminiFunctionDeclaration,
  GeminiGenerationConfig,
  GeminiRequestBody,
  GeminiToolConfig,
} from './gemini-api-types.js';
import { thinkingConfigFor, usesThinkingLevel } from './gemini-reasoning.js';

/** `POST {baseUrl}/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse` when streaming. */
export function geminiUrl(baseUrl: string, upstreamModel: string, stream: boolean): string {
  // "models/x" and "tunedModels/x" are already resource names; a bare id is a base model.
  const resource = upstreamModel.includes('/') ? upstreamModel : `models/${upstreamModel}`;
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return `${baseUrl.replace(/\/+$/, '')}/${resource}:${method}`;
}

export function buildGeminiRequest(ctx: BuildContext): HttpRequestSpec {
  const { settings } = ctx;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey !== undefined) headers['x-goog-api-key'] = settings.apiKey;
  Object.assign(headers, settings.headers);
  return {
    url: geminiUrl(settings.baseUrl, ctx.upstreamModel, ctx.stream),
    method: 'POST',
    headers,
    body: JSON.stringify(convertToGeminiRequest(ctx)),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

/** The OpenAI/OpenRouter chat request → a Gemini GenerateContentRequest body. */
export function convertToGeminiRequest(ctx: BuildContext): GeminiRequestBody {
  const { request, upstreamModel } = ctx;
  const { systemInstruction, contents } = convertMessages(request.messages, {
    requireSignatures: usesThinkingLevel(upstreamModel),
  });
  const body: GeminiRequestBody = { contents };
  if (systemInstruction !== undefined) body.systemInstruction = systemInstruction;
  const generationConfig = convertGenerationConfig(ctx);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const declarations = convertTools(request);
  if (declarations.length > 0) {
    body.tools = [{ functionDeclarations: declarations }];
    const toolConfig = convertToolChoice(request);
    if (toolConfig !== undefined) body.toolConfig = toolConfig;
  }
  return body;
}

function convertGenerationConfig(ctx: BuildContext): GeminiGenerationConfig {
  const { request } = ctx;
  const config: GeminiGenerationConfig = {};
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  if (request.top_k != null) config.topK = request.top_k;
  const maxTokens = requestedMaxTokens(request);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  const stop = request.stop == null ? [] : typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop.length > 0) config.stopSequences = [...stop];
  if (request.seed != null) config.seed = request.seed;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  const n = request['n'];
  if (typeof n === 'number') config.candidateCount = n;
  const format = request.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema.schema !== undefined) config.responseJsonSchema = format.json_schema.schema;
  }
  const thinking = thinkingConfigFor(
    resolveReasoning(request),
    ctx.upstreamModel,
    maxTokens ?? ctx.maxCompletionTokens,
  );
  if (thinking !== undefined) config.thinkingConfig = thinking;
  return config;
}

function convertTools(request: ChatCompletionRequest): GeminiFunctionDeclaration[] {
  return (request.tools ?? []).map(({ function: fn }) => ({
    name: fn.name,
    ...(fn.description === undefined ? {} : { description: fn.description }),
    ...(fn.parameters === undefined ? {} : { parametersJsonSchema: fn.parameters }),
  }));
}

function convertToolChoice(request: ChatCompletionRequest): GeminiToolConfig | undefined {
  const choice = request.tool_choice;
  if (choice == null) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}
