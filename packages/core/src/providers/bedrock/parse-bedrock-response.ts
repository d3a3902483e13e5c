import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asArray, asRecord, asString } from '../../json.js';
import { reasoningTextEvent, redactedThinkingEvent, signatureEvent } from '../anthropic/anthropic-content-blocks.js';
import { JSON_TOOL_NAME } from './bedrock-api-types.js';
import { bedrockUsage } from './bedrock-usage.js';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';

interface Counters {
  tools: number;
  reasoning: number;
}

/** A Converse answer `{output: {message: {content}}, stopReason, usage}` → canonical events. */
export function parseBedrockResponse(body: unknown, provider: string, jsonToolName = JSON_TOOL_NAME): readonly CanonicalEvent[] {
  const record = asRecord(body);
  const message = asRecord(asRecord(record?.['output'])?.['message']);
  if (record === undefined || message === undefined) {
    throw new GatewayError('upstream_bad_response', `${provider} returned a Converse body without output.message`, { provider, raw: body });
  }
  const events: CanonicalEvent[] = [{ type: 'response-start' }];
  const counters: Counters = { tools: 0, reasoning: 0 };
  for (const block of asArray(message['content'])) events.push(...blockEvents(asRecord(block) ?? {}, counters, jsonToolName));
  const usage = bedrockUsage(record['usage']);
  if (usage !== undefined) events.push({ type: 'usage', usage });
  const stopReason = asString(record['stopReason']);
  events.push({ type: 'finish', reason: mapBedrockFinishReason(stopReason, counters.tools === 0), native: stopReason });
  return events;
}

function blockEvents(block: Record<string, unknown>, counters: Counters, jsonToolName: string): CanonicalEvent[] {
  const text = asString(block['text']);
  if (text !== undefined) return text === '' ? [] : [{ type: 'text-delta', delta: text }];
  const toolUse = asRecord(block['toolUse']);
  if (toolUse !== undefined) {
    const input = JSON.stringify(toolUse['input'] ?? {});
    const name = asString(toolUse['name']) ?? '';
    if (name === jsonToolName) return [{ type: 'text-delta', delta: input }];
    const index = counters.tools++;
    const id = asString(toolUse['toolUseId']) ?? `call_${index}`;
    return [{ type: 'tool-call-delta', index, id, name, argumentsDelta: input }];
  }
  const reasoning = asRecord(block['reasoningContent']);
  if (reasoning !== undefined) return reasoningEvents(reasoning, counters.reasoning++);
  return [];
}

function reasoningEvents(reasoning: Record<string, unknown>, index: number): CanonicalEvent[] {
  const redacted = asString(reasoning['redactedContent']);
  if (redacted !== undefined) return [redactedThinkingEvent(redacted, index)];
  const textBlock = asRecord(reasoning['reasoningText']);
  const events: CanonicalEvent[] = [];
  const text = asString(textBlock?.['text']);
  if (text !== undefined && text !== '') events.push(reasoningTextEvent(text, index));
  const signature = asString(textBlock?.['signature']);
  if (signature !== undefined && signature !== '') events.push(signatureEvent(signature, index));
  return events;
}
