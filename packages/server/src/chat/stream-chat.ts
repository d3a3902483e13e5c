import type { ServerResponse } from 'node:http';
import {
  ChunkEncoder,
  execute,
  toErrorBody,
  toWireUsage,
  type CanonicalEvent,
  type Endpoint,
  type ResponseMeta,
} from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { CreditReservation } from '../billing/credit-gate.js';
import { byokChargeFor, byokWireUsage, routeWithByok } from '../byok/byok-chat.js';
import { SseSink } from '../sse/sse-sink.js';
import type { ChatContext } from './chat-context.js';
import { endingOf, includeReasoning, recordGeneration, settle, settleAndRecord, type ChatDeps } from './chat-service.js';
import { throughputSample } from './generation-record.js';
import { ResponseObserver } from './response-observer.js';

const KEEPALIVE_COMMENT = 'OPENROUTER PROCESSING';

/**
 * A streaming chat completion over SSE. Until the first content event nothing is committed: a
 * failure is a normal HTTP error, unless keep-alive comments already opened the stream, in which
 * case (as after the first token) it becomes an error chunk with finish_reason "error".
 */
export async function streamChat(
  deps: ChatDeps,
  context: ChatContext,
  request: ChatCompletionRequest,
  plan: readonly Endpoint[],
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  // Before the stream opens: a 402 is a plain HTTP error. Released on every way out but settle.
  const credits = await deps.credits.reserve(context, request, plan);
  try {
    await streamReserved(deps, context, request, plan, res, signal, credits);
  } finally {
    await credits.release();
  }
}

async function streamReserved(
  deps: ChatDeps,
  context: ChatContext,
  request: ChatCompletionRequest,
  plan: readonly Endpoint[],
  res: ServerResponse,
  signal: AbortSignal,
  credits: CreditReservation,
): Promise<void> {
  const sink = new SseSink(res, { 'x-generation-id': context.generationId });
  const keepalive = setInterval(() => sink.comment(KEEPALIVE_COMMENT), deps.keepaliveMs);
  const route = await routeWithByok(deps.byok, context.key, plan, deps.logger);
  const outcome = await execute(deps.executor, { request, plan: route.plan, byokSettings: route.settingsFor, stream: true, signal }).finally(() =>
    clearInterval(keepalive),
  );
  const base = { deps, context, request, attempts: outcome.attempts, streamed: true };
  if (!outcome.ok) {
    const cancelled = outcome.error.code === 'client_closed';
    recordGeneration({ ...base, endpoint: undefined, observer: undefined, settlement: undefined, error: outcome.error, cancelled });
    if (!sink.isOpen) throw outcome.error;
    if (!cancelled) {
      const encoder = new ChunkEncoder(metaFor(context, plan[0]?.modelId ?? request.model ?? '', ''));
      await sink.data(encoder.error(toErrorBody(outcome.error).error));
      await sink.done();
    }
    sink.end();
    return;
  }
  const { endpoint, events } = outcome.committed;
  const observer = new ResponseObserver();
  await relay(deps, events, observer, sink, metaFor(context, endpoint.modelId, endpoint.providerName), request);
  const error = observer.error;
  const cancelled = error?.code === 'client_closed';
  const settlement = settle(request, endpoint, observer, endingOf(error), deps.logger);
  // Settled and recorded before the stream ends: a client that saw the whole answer was charged and has its record.
  const byok = await byokChargeFor(deps.byok, context.key, outcome.committed.byok, settlement.cost, context.createdAt, deps.logger);
  await settleAndRecord({ ...base, endpoint, observer, settlement, error, cancelled, byok }, credits);
  if (error === undefined) {
    const first = observer.firstContentAtMs;
    const generationMs = first === undefined ? undefined : deps.clock.monotonicMs() - first;
    const sample = throughputSample(endpoint, settlement.usage, generationMs, deps.clock.now());
    if (sample !== undefined) deps.executor.stats.record(sample);
  }
  if (!cancelled) {
    const encoder = new ChunkEncoder(metaFor(context, endpoint.modelId, endpoint.providerName, observer.systemFingerprint));
    if (error === undefined) await sink.data(encoder.usage(byokWireUsage(toWireUsage(settlement.usage, settlement.cost, false), settlement.cost, byok)));
    await sink.done();
  }
  sink.end();
}

type MutableMeta = { -readonly [K in keyof ResponseMeta]: ResponseMeta[K] };

function metaFor(context: ChatContext, model: string, provider: string, fingerprint?: string): MutableMeta {
  return {
    id: context.generationId,
    created: Math.floor(context.createdAt.getTime() / 1000),
    model,
    provider,
    systemFingerprint: fingerprint,
    serviceTier: undefined,
  };
}

/** Upstream events → SSE chunks, as they arrive. Stops at the first error event (sent as an error chunk). */
async function relay(
  deps: ChatDeps,
  events: AsyncGenerator<CanonicalEvent>,
  observer: ResponseObserver,
  sink: SseSink,
  meta: MutableMeta,
  request: ChatCompletionRequest,
): Promise<void> {
  const encoder = new ChunkEncoder(meta);
  const showReasoning = includeReasoning(request);
  let finished = false;
  for await (const event of events) {
    observer.observe(event, deps.clock.monotonicMs());
    if (event.type === 'error') {
      if (event.error.code !== 'client_closed') await sink.data(encoder.error(toErrorBody(event.error).error));
      return;
    }
    if (event.type === 'response-start') {
      meta.systemFingerprint ??= event.systemFingerprint;
      continue;
    }
    if (event.type === 'finish') {
      finished = true;
      await sink.data(encoder.finish(observer.finishReason ?? event.reason, event.native));
      continue;
    }
    if (!showReasoning && (event.type === 'reasoning-delta' || event.type === 'reasoning-detail')) continue;
    const json = encoder.encodeJson(event);
    if (json !== undefined) await sink.json(json);
  }
  if (!finished) await sink.data(encoder.finish(observer.calledTools ? 'tool_calls' : 'stop', undefined));
}
