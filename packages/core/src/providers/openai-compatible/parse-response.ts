import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asArray, asRecord, asString } from '../../json.js';
import { mapStreamError } from './map-error.js';
import {
  citationEvents,
  firstChoice,
  mapFinishReason,
  messageEvents,
  nonEmpty,
  parseUsage,
  responseStart,
} from './parse-parts.js';
import { messageToolCallEvents, toolCallsOf } from './tool-calls.js';

/**
 * A non-streaming `chat.completion` body → canonical events (start, content, tool calls, usage, finish).
 * Errors name `provider`, the configured display name.
 */
export function parseOpenAiCompatibleResponse(body: unknown, provider: string): CanonicalEvent[] {
  const root = asRecord(body);
  if (root === undefined) throw badResponse('The provider answered with a body that is not a JSON object.', body, provider);
  const choice = firstChoice(root) ?? asRecord(asArray(root['choices'])[0]);
  if (choice === undefined) {
    // Some servers answer 200 with an error body.
    if (root['error'] != null) throw mapStreamError(root, provider);
    throw badResponse('The provider answered without any choice.', body, provider);
  }
  const upstreamId = nonEmpty(asString(root['id']));
  const message = asRecord(choice['message']) ?? {};
  const toolCalls = messageToolCallEvents(toolCallsOf(message), upstreamId);
  const events: CanonicalEvent[] = [
    responseStart(root) ?? { type: 'response-start' },
    ...messageEvents(message),
    ...toolCalls,
    ...citationEvents(root),
  ];
  const usage = parseUsage(root['usage'] ?? asRecord(root['x_groq'])?.['usage']);
  if (usage !== undefined) events.push({ type: 'usage', usage });
  const native = nonEmpty(asString(choice['finish_reason']));
  events.push({ type: 'finish', reason: mapFinishReason(native, toolCalls.length > 0), native });
  return events;
}

function badResponse(message: string, body: unknown, provider: string): GatewayError {
  return new GatewayError('upstream_bad_response', `${provider}: ${message}`, { provider, raw: body });
}
