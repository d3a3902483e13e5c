import type { CostBreakdown, Endpoint, EndpointSample, GatewayError, GenerationRecord, ProviderAttempt, UsagePatch } from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { ByokCharge } from '../byok/byok-routing.js';
import type { ChatContext } from './chat-context.js';
import type { ResponseObserver } from './response-observer.js';

export interface RecordInput {
  readonly context: ChatContext;
  readonly request: ChatCompletionRequest;
  readonly endpoint: Endpoint | undefined;
  readonly observer: ResponseObserver | undefined;
  readonly usage: UsagePatch;
  readonly cost: CostBreakdown;
  readonly images: number;
  readonly attempts: readonly ProviderAttempt[];
  readonly streamed: boolean;
  readonly endedMs: number;
  readonly error: GatewayError | undefined;
  readonly cancelled: boolean;
  /** Served with the account's own provider key: `costMicro` is the BYOK fee, `upstreamCostMicro` the provider's cost. */
  readonly byok?: ByokCharge | undefined;
}

function timings(input: RecordInput): { latencyMs: number | null; generationTimeMs: number | null } {
  const firstContent = input.observer?.firstContentAtMs;
  if (firstContent === undefined) return { latencyMs: null, generationTimeMs: null };
  return {
    latencyMs: Math.round(firstContent - input.context.startedMs),
    generationTimeMs: Math.round(input.endedMs - firstContent),
  };
}

function tokens(usage: UsagePatch) {
  const prompt = usage.promptTokens ?? 0;
  const completion = usage.completionTokens ?? 0;
  return {
    tokensPrompt: prompt,
    tokensCompletion: completion,
    nativeTokensPrompt: prompt,
    nativeTokensCompletion: completion,
    nativeTokensReasoning: usage.reasoningTokens ?? 0,
    nativeTokensCached: usage.cachedTokens ?? 0,
    nativeTokensCacheWrite: usage.cacheWriteTokens ?? 0,
  };
}

/** Which model and provider served (or were asked for, when nothing served). */
function servedBy(input: RecordInput) {
  const { endpoint, observer, request } = input;
  return {
    upstreamId: observer?.upstreamId ?? null,
    model: endpoint?.modelId ?? request.model ?? request.models?.[0] ?? 'unknown',
    providerId: endpoint?.providerId ?? null,
    providerName: endpoint?.providerName ?? null,
    upstreamModel: observer?.upstreamModel ?? endpoint?.upstreamModel ?? null,
  };
}

function outcome(input: RecordInput) {
  const { error, observer } = input;
  return {
    status: input.cancelled ? 'cancelled' : error === undefined ? 'success' : 'error',
    finishReason: error === undefined ? (observer?.finishReason ?? null) : 'error',
    nativeFinishReason: observer?.nativeFinishReason ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
  } as const;
}

/** One complete row for the generations table, built once at the end of the request. */
export function buildGenerationRecord(input: RecordInput): GenerationRecord {
  const { context, request } = input;
  return {
    id: context.generationId,
    keyId: context.key.id,
    accountId: context.key.accountId,
    ...servedBy(input),
    ...outcome(input),
    ...tokens(input.usage),
    ...timings(input),
    streamed: input.streamed,
    cancelled: input.cancelled,
    numMediaPrompt: input.images,
    costMicro: input.byok?.chargedMicro ?? input.cost.total,
    upstreamCostMicro: input.cost.total,
    isByok: input.byok !== undefined,
    createdAt: context.createdAt,
    appTitle: context.appTitle,
    httpReferer: context.httpReferer,
    userAgent: context.userAgent,
    externalUser: context.externalUser,
    sessionId: request.session_id ?? context.sessionIdHeader,
    attempts: input.attempts,
  };
}

/**
 * The endpoint's speed on a completed generation: output tokens per second over `generationMs` (for
 * a stream, from the first token to the end; for a JSON answer, the whole upstream call). Undefined
 * when there is nothing to measure (no output tokens, or too short a time to mean anything).
 */
export function throughputSample(
  endpoint: Endpoint,
  usage: UsagePatch,
  generationMs: number | undefined,
  at: Date,
): EndpointSample | undefined {
  const tokens = usage.completionTokens ?? 0;
  if (tokens <= 0 || generationMs === undefined || generationMs < 1) return undefined;
  return { kind: 'throughput', endpointId: endpoint.id, at, tokensPerSecond: (tokens * 1000) / generationMs };
}
