import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { readCohereErrorMessage, readCohereResponse, type CohereResponseView } from './cohere-api-types.js';
import { citationAnnotations, normalizeArguments, usagePatch } from './cohere-events.js';
import { thinkingDetail, toolPlanDetail } from './cohere-reasoning.js';
import { mapCohereError } from './map-cohere-error.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

/** Thinking items, then the tool plan, as reasoning (each its own `reasoning_details` entry). */
function reasoningEvents(response: CohereResponseView): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  let index = 0;
  for (const item of response.content) {
    if (item.type !== 'thinking' || item.thinking === undefined || item.thinking === '') continue;
    events.push({ type: 'reasoning-delta', delta: item.thinking, detail: thinkingDetail(item.thinking, index++) });
  }
  const plan = response.toolPlan;
  if (plan !== undefined && plan !== '') events.push({ type: 'reasoning-delta', delta: plan, detail: toolPlanDetail(plan, index) });
  return events;
}

function contentEvents(response: CohereResponseView): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const item of response.content) {
    if (item.type === 'text' && item.text !== undefined && item.text !== '') events.push({ type: 'text-delta', delta: item.text });
  }
  response.toolCalls.forEach((call, index) => {
    events.push({
      type: 'tool-call-delta',
      index,
      id: call.id ?? `call_${response.id ?? 'cohere'}_${index}`,
      name: call.name ?? '',
      argumentsDelta: normalizeArguments(call.arguments),
    });
  });
  const seen = new Set<string>();
  for (const citation of response.citations) events.push(...citationAnnotations(citation, seen));
  return events;
}

/**
 * A complete V2ChatResponse → canonical events: response-start, reasoning (thinking, then the
 * tool plan), text, tool calls, URL citations, usage, finish. Throws GatewayError naming
 * `provider` for error bodies and shapes that are not a chat response.
 */
export function parseCohereResponse(body: unknown, provider: string): CanonicalEvent[] {
  const response = readCohereResponse(body);
  if (response === undefined) {
    const message = readCohereErrorMessage(body);
    if (message !== undefined) throw mapCohereError({ status: 502, headers: {}, body }, provider);
    throw new GatewayError('upstream_bad_response', `${provider}: the answer is not a Cohere chat response`, { provider, raw: body });
  }
  const events: CanonicalEvent[] = [
    { type: 'response-start', ...(response.id === undefined ? {} : { upstreamId: response.id }) },
    ...reasoningEvents(response),
    ...contentEvents(response),
  ];
  const usage = usagePatch(response.usage);
  if (usage !== undefined) events.push({ type: 'usage', usage });
  const reason = mapCohereFinishReason(response.finishReason, response.toolCalls.length > 0);
  events.push({ type: 'finish', reason, native: response.finishReason });
  return events;
}
