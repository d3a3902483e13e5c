import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString } from '../../json.js';
import { completeBlockEvents, newBlockCounters, refusalEvents } from './anthropic-content-blocks.js';
import { finishReasonOf } from './anthropic-json-tool.js';
import { mergeAnthropicUsage, usagePatch, type AnthropicUsageCounters } from './anthropic-usage.js';
import { mapAnthropicError } from './map-anthropic-error.js';

/**
 * A non-streaming Messages API body → canonical events:
 * response-start, content (in block order), refusal explanation, usage, finish. Throws GatewayError on a bad shape
 * or an error body, naming `provider` (the configured display name).
 */
export function parseAnthropicResponse(body: unknown, provider: string): CanonicalEvent[] {
  const message = asRecord(body);
  if (message?.['type'] === 'error') throw mapAnthropicError({ status: 200, headers: {}, body }, provider);
  const content = message?.['content'];
  if (message === undefined || !Array.isArray(content)) {
    throw new GatewayError('upstream_bad_response', `${provider}: the response is not a message (no content array)`, {
      provider,
      raw: body,
    });
  }
  const events: CanonicalEvent[] = [responseStartEvent(message)];
  const counters = newBlockCounters();
  for (const block of content) events.push(...completeBlockEvents(block, counters));
  events.push(...refusalEvents(message['stop_details']));
  const usage: AnthropicUsageCounters = {};
  mergeAnthropicUsage(usage, message['usage']);
  const patch = usagePatch(usage);
  if (Object.keys(patch).length > 0) events.push({ type: 'usage', usage: patch });
  const stopReason = asString(message['stop_reason']);
  events.push({ type: 'finish', reason: finishReasonOf(stopReason, counters), native: stopReason });
  return events;
}

/** `message.id` and `message.model` (the model that actually answered, e.g. after a fallback). */
export function responseStartEvent(message: Record<string, unknown>): CanonicalEvent {
  const upstreamId = asString(message['id']);
  const upstreamModel = asString(message['model']);
  return {
    type: 'response-start',
    ...(upstreamId === undefined ? {} : { upstreamId }),
    ...(upstreamModel === undefined ? {} : { upstreamModel }),
  };
}
