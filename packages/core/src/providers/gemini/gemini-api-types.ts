/**
 * The parts of the Gemini `generateContent` API this adapter uses
 * (spec: ../shared/specs/gemini/gemini.prism.json, GenerateContentRequest / GenerateContentResponse).
 * Request shapes are plain types; responses are narrowed from `unknown` into small read views.
 */
import { asArray, asNumber, asRecord, asString, isRecord } from '../../json.js';

// ---------------------------------------------------------------- request

export interface GeminiInlineData {
  readonly mimeType: string;
  readonly data: string;
}

export interface GeminiFileData {
  readonly fileUri: string;
  readonly mimeType?: string;
}

export interface GeminiPart {
  text?: string;
  inlineData?: GeminiInlineData;
  fileData?: GeminiFileData;
  functionCall?: { readonly name: string; readonly args: Record<string, unknown> };
  functionResponse?: { readonly name: string; readonly response: Record<string, unknown> };
  thoughtSignature?: string;
}

export type GeminiRole = 'user' | 'model';

export interface GeminiContent {
  readonly role: GeminiRole;
  readonly parts: GeminiPart[];
}

export type GeminiThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: GeminiThinkingLevel;
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  candidateCount?: number;
  responseMimeType?: string;
  /** Full JSON Schema (the OpenAPI-subset `responseSchema` rejects many JSON Schema keywords). */
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiFunctionDeclaration {
  readonly name: string;
  readonly description?: string;
  /** Full JSON Schema; mutually exclusive with the OpenAPI-subset `parameters`. */
  readonly parametersJsonSchema?: Record<string, unknown>;
}

export interface GeminiToolConfig {
  readonly functionCallingConfig: {
    readonly mode: 'AUTO' | 'ANY' | 'NONE';
    readonly allowedFunctionNames?: string[];
  };
}

export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  generationConfig?: GeminiGenerationConfig;
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  toolConfig?: GeminiToolConfig;
}

// ---------------------------------------------------------------- response views

/** One streamed argument piece (Vertex `streamFunctionCallArguments`): `$.a.b[0]` plus one typed value. */
export interface GeminiPartialArg {
  readonly jsonPath: string;
  readonly value: unknown;
  /** True for string values: pieces of the same path concatenate. */
  readonly isString: boolean;
}

export interface GeminiFunctionCallView {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly args: Record<string, unknown> | undefined;
  readonly partialArgs: readonly GeminiPartialArg[];
  readonly willContinue: boolean;
}

export interface GeminiPartView {
  readonly text: string | undefined;
  readonly thought: boolean;
  readonly thoughtSignature: string | undefined;
  readonly functionCall: GeminiFunctionCallView | undefined;
}

export interface GeminiWebSource {
  readonly url: string;
  readonly title: string | undefined;
}

/** `groundingSupports[]`: a span of the answer and the grounding chunks (by index) that back it. */
export interface GeminiGroundingSupport {
  /** The answer text the support covers (`segment.text`). */
  readonly text: string | undefined;
  readonly chunkIndices: readonly number[];
}

export interface GeminiCandidateView {
  readonly parts: readonly GeminiPartView[];
  readonly finishReason: string | undefined;
  /** The web sources among `groundingChunks`, in order, without their positions. */
  readonly webSources: readonly GeminiWebSource[];
  /** `groundingChunks` by position (undefined for chunks that are not web pages), for supports' indices. */
  readonly groundingChunks: readonly (GeminiWebSource | undefined)[];
  readonly groundingSupports: readonly GeminiGroundingSupport[];
}

export interface GeminiUsageView {
  readonly promptTokenCount: number | undefined;
  readonly candidatesTokenCount: number | undefined;
  readonly thoughtsTokenCount: number | undefined;
  readonly toolUsePromptTokenCount: number | undefined;
  readonly cachedContentTokenCount: number | undefined;
}

export interface GeminiResponseView {
  readonly responseId: string | undefined;
  readonly modelVersion: string | undefined;
  /** The first candidate (index 0); the adapter serves one choice. */
  readonly candidate: GeminiCandidateView | undefined;
  /** `promptFeedback.blockReason`, or "OTHER"-like presence of `blockReasonMessage` without a reason. */
  readonly blockReason: string | undefined;
  readonly blocked: boolean;
  readonly usage: GeminiUsageView | undefined;
}

export interface GeminiErrorView {
  readonly code: number | undefined;
  readonly message: string | undefined;
  readonly status: string | undefined;
  readonly details: readonly Record<string, unknown>[];
}

const RESPONSE_KEYS = ['candidates', 'promptFeedback', 'usageMetadata', 'responseId', 'modelVersion'];

/** A GenerateContentResponse, or undefined when the value does not look like one. */
export function readGeminiResponse(value: unknown): GeminiResponseView | undefined {
  if (!isRecord(value) || !RESPONSE_KEYS.some((key) => value[key] !== undefined)) return undefined;
  const candidates = value['candidates'];
  if (candidates !== undefined && !Array.isArray(candidates)) return undefined;
  const records = asArray(candidates).filter(isRecord);
  const first = records.find((c) => (asNumber(c['index']) ?? 0) === 0) ?? records[0];
  const feedback = asRecord(value['promptFeedback']);
  const blockReason = asString(feedback?.['blockReason']);
  const usage = asRecord(value['usageMetadata']);
  return {
    responseId: asString(value['responseId']),
    modelVersion: asString(value['modelVersion']),
    candidate: first === undefined ? undefined : readCandidate(first),
    blockReason,
    blocked: blockReason !== undefined || asString(feedback?.['blockReasonMessage']) !== undefined,
    usage: usage === undefined ? undefined : readUsage(usage),
  };
}

function readCandidate(candidate: Record<string, unknown>): GeminiCandidateView {
  const content = asRecord(candidate['content']);
  const grounding = asRecord(candidate['groundingMetadata']);
  const chunks = asArray(grounding?.['groundingChunks']).map(readWebChunk);
  return {
    parts: asArray(content?.['parts']).filter(isRecord).map(readPart),
    finishReason: asString(candidate['finishReason']),
    webSources: chunks.filter((chunk) => chunk !== undefined),
    groundingChunks: chunks,
    groundingSupports: asArray(grounding?.['groundingSupports']).filter(isRecord).map(readSupport),
  };
}

function readPart(part: Record<string, unknown>): GeminiPartView {
  const call = asRecord(part['functionCall']);
  return {
    text: asString(part['text']),
    thought: part['thought'] === true,
    thoughtSignature: asString(part['thoughtSignature']),
    functionCall: call === undefined ? undefined : readFunctionCall(call),
  };
}

function readFunctionCall(call: Record<string, unknown>): GeminiFunctionCallView {
  return {
    id: asString(call['id']),
    name: asString(call['name']),
    args: asRecord(call['args']),
    partialArgs: asArray(call['partialArgs']).filter(isRecord).flatMap(readPartialArg),
    willContinue: call['willContinue'] === true,
  };
}

function readPartialArg(arg: Record<string, unknown>): GeminiPartialArg[] {
  const jsonPath = asString(arg['jsonPath']);
  if (jsonPath === undefined) return [];
  if (typeof arg['stringValue'] === 'string') return [{ jsonPath, value: arg['stringValue'], isString: true }];
  if (arg['numberValue'] !== undefined) return [{ jsonPath, value: arg['numberValue'], isString: false }];
  if (arg['boolValue'] !== undefined) return [{ jsonPath, value: arg['boolValue'], isString: false }];
  if (arg['nullValue'] !== undefined) return [{ jsonPath, value: null, isString: false }];
  if (arg['structValue'] !== undefined) return [{ jsonPath, value: arg['structValue'], isString: false }];
  if (arg['listValue'] !== undefined) return [{ jsonPath, value: arg['listValue'], isString: false }];
  return [];
}

function readWebChunk(chunk: unknown): GeminiWebSource | undefined {
  const web = asRecord(asRecord(chunk)?.['web']);
  const url = asString(web?.['uri']);
  return url === undefined ? undefined : { url, title: asString(web?.['title']) };
}

function readSupport(support: Record<string, unknown>): GeminiGroundingSupport {
  const indices = asArray(support['groundingChunkIndices']).filter((i): i is number => Number.isInteger(i));
  return { text: asString(asRecord(support['segment'])?.['text']), chunkIndices: indices };
}

function readUsage(usage: Record<string, unknown>): GeminiUsageView {
  return {
    promptTokenCount: asNumber(usage['promptTokenCount']),
    candidatesTokenCount: asNumber(usage['candidatesTokenCount']),
    thoughtsTokenCount: asNumber(usage['thoughtsTokenCount']),
    toolUsePromptTokenCount: asNumber(usage['toolUsePromptTokenCount']),
    cachedContentTokenCount: asNumber(usage['cachedContentTokenCount']),
  };
}

/** Google's error envelope `{error: {code, message, status, details}}`, or undefined. */
export function readGeminiError(value: unknown): GeminiErrorView | undefined {
  const error = isRecord(value) ? asRecord(value['error']) : undefined;
  if (error === undefined) return undefined;
  return {
    code: asNumber(error['code']),
    message: asString(error['message']),
    status: asString(error['status']),
    details: asArray(error['details']).filter(isRecord),
  };
}
