import {
  computeCost,
  planChat,
  resolveReasoning,
  type ApiKeyRecord,
  type Catalog,
  type Clock,
  type CostBreakdown,
  type Endpoint,
  type ExecutorDeps,
  type GatewayError,
  type GenerationRecord,
  type GuardrailRecord,
  type ProviderAttempt,
  type UsagePatch,
} from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { CreditGate, CreditReservation } from '../billing/credit-gate.js';
import type { ByokCharge, ByokRouting } from '../byok/byok-routing.js';
import { routingDefaultsFor, type RoutingConfig } from '../config/routing-config.js';
import type { GenerationWriter } from '../generations/generation-writer.js';
import { planGuarded } from '../guardrails/guarded-plan.js';
import type { Logger } from '../logger.js';
import { countPromptImages, estimateTokens, type ChatContext } from './chat-context.js';
import { buildGenerationRecord } from './generation-record.js';
import type { ResponseObserver } from './response-observer.js';

export interface ChatDeps {
  readonly catalog: Catalog;
  readonly executor: ExecutorDeps;
  readonly writer: GenerationWriter;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Delay before the first `: OPENROUTER PROCESSING` comment while waiting for the first token. */
  readonly keepaliveMs: number;
  /** Provider-preference defaults (gateway, account, key) and the `openrouter/auto` candidates. */
  readonly routing: RoutingConfig;
  /** Reserves a paid request's maximum cost before the first upstream call; settles the actual cost. */
  readonly credits: CreditGate;
  /** BYOK: the account's own provider keys tried first, and the fee on what they served; absent: shared capacity only. */
  readonly byok?: ByokRouting;
}

export interface PlannedChat {
  /** The request to send (a `:thinking` variant turns reasoning on). */
  readonly request: ChatCompletionRequest;
  /** Endpoints in the order to try them. */
  readonly plan: readonly Endpoint[];
}

/**
 * Step 3: the routing policy over the catalog, the configured preference layers for this key and
 * the endpoints' live health. 400 (bad `provider`, `route`, variant), 404 (unknown model), 503
 * `no_route` with `metadata.excluded` when nothing can serve the request. The key's guardrails are
 * one more layer each (a request narrows them, never widens them); 403 naming the guardrail when
 * they alone leave nothing.
 */
export function planFor(deps: ChatDeps, request: ChatCompletionRequest, key: ApiKeyRecord, guardrails: readonly GuardrailRecord[]): PlannedChat {
  const defaults = routingDefaultsFor(deps.routing, key);
  const health = deps.executor.stats.view(deps.clock.now());
  const plan = (layers: typeof defaults) => planChat(request, deps.catalog, layers, health, deps.executor.random);
  const route = planGuarded(plan, defaults, guardrails);
  deps.logger.debug('route planned', {
    strategy: route.plan.strategy,
    endpoints: route.plan.endpoints.map((endpoint) => endpoint.id),
    excluded: route.plan.excluded.length,
  });
  return { request: route.request, plan: route.plan.endpoints };
}

export function endingOf(error: GatewayError | undefined): Ending {
  if (error === undefined) return 'completed';
  return error.code === 'client_closed' ? 'cancelled' : 'failed';
}

/** Whether reasoning goes out to the client (`reasoning.exclude` / `include_reasoning: false` hide it). */
export function includeReasoning(request: ChatCompletionRequest): boolean {
  return resolveReasoning(request)?.exclude !== true;
}

export interface Settlement {
  readonly usage: UsagePatch;
  readonly cost: CostBreakdown;
  readonly images: number;
}

const ZERO_COST: CostBreakdown = { prompt: 0, completion: 0, total: 0 };

export type Ending = 'completed' | 'failed' | 'cancelled';

/**
 * Usage as the provider counted it (estimated from characters when it reported none) and its cost.
 * Zero-completion insurance (OpenRouter's): a failed generation, or a completed one with no output
 * tokens, is not billed at all. A stream the client cancelled is billed for what was generated, as
 * providers bill it; its usage is usually estimated, because providers report usage at the end.
 */
export function settle(
  request: ChatCompletionRequest,
  endpoint: Endpoint,
  observer: ResponseObserver,
  ending: Ending,
  logger: Logger,
): Settlement {
  const images = countPromptImages(request);
  let usage: UsagePatch = observer.usage;
  if (!observer.sawUsage || usage.promptTokens === undefined) {
    const fields = { endpoint: endpoint.id, ending };
    if (ending === 'completed') logger.warn('provider reported no usage; estimating tokens from characters', fields);
    else logger.debug('no usage before the generation ended; estimating tokens from characters', fields);
    usage = {
      ...usage,
      promptTokens: usage.promptTokens ?? estimateTokens(JSON.stringify(request.messages).length),
      completionTokens: usage.completionTokens ?? estimateTokens(observer.completionChars),
    };
  }
  const complete = { ...usage, promptTokens: usage.promptTokens ?? 0, completionTokens: usage.completionTokens ?? 0 };
  const unbilled = ending === 'failed' || (ending === 'completed' && complete.completionTokens === 0);
  const cost = unbilled ? ZERO_COST : computeCost(endpoint.pricing, { usage: complete, images });
  return { usage: complete, cost, images };
}

export interface FinishInput {
  readonly deps: ChatDeps;
  readonly context: ChatContext;
  readonly request: ChatCompletionRequest;
  readonly endpoint: Endpoint | undefined;
  readonly observer: ResponseObserver | undefined;
  readonly settlement: Settlement | undefined;
  readonly attempts: readonly ProviderAttempt[];
  readonly streamed: boolean;
  readonly error: GatewayError | undefined;
  readonly cancelled: boolean;
  /** Set when the account's own provider key served: the BYOK fee charged instead of the cost. */
  readonly byok?: ByokCharge | undefined;
}

/** Queues the generation record (one row, written in a batch transaction). */
export function recordGeneration(input: FinishInput): void {
  input.deps.writer.enqueue(generationRecordOf(input));
}

/**
 * Settles the request's hold and stores its generation record in the same transaction, before the
 * client gets the end of the answer: a crash (`kill -9`) can then leave neither a charge without
 * its record nor a complete answer without both. Without a hold the record (and its deferred charge)
 * is queued write-behind, or with `storage.durable_records` stored before the answer ends.
 */
export async function settleAndRecord(input: FinishInput, credits: CreditReservation): Promise<void> {
  const record = generationRecordOf(input);
  const { byok } = input;
  const charged = byok === undefined ? (input.settlement?.cost.total ?? 0) : byok.chargedMicro;
  const byokUsage = byok === undefined ? undefined : (input.settlement?.cost.total ?? 0);
  const stored = await credits.settle(charged, record, byok?.keyUsageMicro, byokUsage);
  if (!stored) await input.deps.writer.record(record);
}

function generationRecordOf(input: FinishInput): GenerationRecord {
  const { deps } = input;
  return buildGenerationRecord({
    context: input.context,
    request: input.request,
    endpoint: input.endpoint,
    observer: input.observer,
    usage: input.settlement?.usage ?? {},
    cost: input.settlement?.cost ?? ZERO_COST,
    images: input.settlement?.images ?? countPromptImages(input.request),
    attempts: input.attempts,
    streamed: input.streamed,
    endedMs: deps.clock.monotonicMs(),
    error: input.error,
    cancelled: input.cancelled,
    byok: input.byok,
  });
}
