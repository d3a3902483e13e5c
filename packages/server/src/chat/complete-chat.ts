import { CompletionAssembler, execute, toErrorBody, toWireUsage, type CanonicalEvent, type Endpoint } from '@switchyard/core';
import type { ChatCompletion, ChatCompletionRequest } from '@switchyard/protocol';
import type { CreditReservation } from '../billing/credit-gate.js';
import { byokChargeFor, byokWireUsage, routeWithByok } from '../byok/byok-chat.js';
import type { ChatContext } from './chat-context.js';
import { endingOf, includeReasoning, recordGeneration, settle, settleAndRecord, type ChatDeps } from './chat-service.js';
import { throughputSample } from './generation-record.js';
import { ResponseObserver } from './response-observer.js';

/**
 * A non-streaming chat completion: reserve credits (402 before any upstream call), route, collect
 * the whole answer, bill (settled before the answer is sent), record, answer. The reservation is
 * released on every other way out.
 */
export async function completeChat(
  deps: ChatDeps,
  context: ChatContext,
  request: ChatCompletionRequest,
  plan: readonly Endpoint[],
  signal: AbortSignal,
): Promise<ChatCompletion> {
  const credits = await deps.credits.reserve(context, request, plan);
  try {
    return await completeReserved(deps, context, request, plan, signal, credits);
  } finally {
    await credits.release();
  }
}

async function completeReserved(
  deps: ChatDeps,
  context: ChatContext,
  request: ChatCompletionRequest,
  plan: readonly Endpoint[],
  signal: AbortSignal,
  credits: CreditReservation,
): Promise<ChatCompletion> {
  const route = await routeWithByok(deps.byok, context.key, plan, deps.logger);
  const outcome = await execute(deps.executor, { request, plan: route.plan, byokSettings: route.settingsFor, stream: false, signal });
  const base = { deps, context, request, attempts: outcome.attempts, streamed: false };
  if (!outcome.ok) {
    const cancelled = outcome.error.code === 'client_closed';
    recordGeneration({ ...base, endpoint: undefined, observer: undefined, settlement: undefined, error: outcome.error, cancelled });
    throw outcome.error;
  }
  const { endpoint, events, list } = outcome.committed;
  const observer = new ResponseObserver();
  const assembler = new CompletionAssembler();
  const take = (event: CanonicalEvent) => {
    observer.observe(event, deps.clock.monotonicMs());
    assembler.push(event);
  };
  // A JSON answer arrives whole: read it without an await per event.
  if (list === undefined) for await (const event of events) take(event);
  else list.forEach(take);
  const error = observer.error;
  const cancelled = error?.code === 'client_closed';
  const settlement = settle(request, endpoint, observer, endingOf(error), deps.logger);
  const byok = await byokChargeFor(deps.byok, context.key, outcome.committed.byok, settlement.cost, context.createdAt, deps.logger);
  await settleAndRecord({ ...base, endpoint, observer, settlement, error, cancelled, byok }, credits);
  if (cancelled) throw error;
  if (error === undefined) {
    // The answer arrives whole: its speed is the output over the committed attempt's whole call.
    const sample = throughputSample(endpoint, settlement.usage, outcome.attempts.at(-1)?.latencyMs, deps.clock.now());
    if (sample !== undefined) deps.executor.stats.record(sample);
  }
  const meta = {
    id: context.generationId,
    created: Math.floor(context.createdAt.getTime() / 1000),
    model: endpoint.modelId,
    provider: endpoint.providerName,
    systemFingerprint: observer.systemFingerprint,
    serviceTier: observer.serviceTier,
  };
  const usage = byokWireUsage(toWireUsage(settlement.usage, settlement.cost, false), settlement.cost, byok);
  const options = { includeReasoning: includeReasoning(request) };
  return assembler.build(meta, usage, error === undefined ? options : { ...options, error: toErrorBody(error).error });
}
