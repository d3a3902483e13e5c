import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { asArray, asRecord, asString } from '../../json.js';
import { ANTHROPIC_REASONING_FORMAT } from './anthropic-api-types.js';
import { isJsonTool, jsonToolTextEvents } from './anthropic-json-tool.js';

/** Dense indexes handed out in order of appearance (tool calls; reasoning blocks). */
export interface BlockCounters {
  nextToolIndex: number;
  nextReasoningIndex: number;
  /** The emulated json_schema answer tool was called (its input became text). */
  sawJsonTool: boolean;
}

export function newBlockCounters(): BlockCounters {
  return { nextToolIndex: 0, nextReasoningIndex: 0, sawJsonTool: false };
}

export function reasoningTextEvent(text: string, index: number): CanonicalEvent {
  return { type: 'reasoning-delta', delta: text, detail: { type: 'reasoning.text', text, format: ANTHROPIC_REASONING_FORMAT, index } };
}

export function signatureEvent(signature: string, index: number): CanonicalEvent {
  return { type: 'reasoning-detail', detail: { type: 'reasoning.text', signature, format: ANTHROPIC_REASONING_FORMAT, index } };
}

export function redactedThinkingEvent(data: string, index: number): CanonicalEvent {
  return { type: 'reasoning-detail', detail: { type: 'reasoning.encrypted', data, format: ANTHROPIC_REASONING_FORMAT, index } };
}

/** A text citation with a URL (web search / web fetch results) → url_citation; document citations have none. */
export function citationEvent(citation: unknown): CanonicalEvent | undefined {
  const record = asRecord(citation);
  const url = asString(record?.['url']);
  if (record === undefined || url === undefined) return undefined;
  const title = asString(record['title']);
  const content = asString(record['cited_text']);
  return {
    type: 'annotation',
    annotation: {
      type: 'url_citation',
      url_citation: { url, ...(title === undefined ? {} : { title }), ...(content === undefined ? {} : { content }) },
    },
  };
}

/** Tool call ids come from Anthropic; the fallback only guards against a malformed block. */
export function toolCallId(block: Record<string, unknown>, index: number): string {
  return asString(block['id']) ?? `call_${index}`;
}

/**
 * One complete content block (non-streaming body, or a block pre-filled in message_start) → events.
 * Server-side blocks (server_tool_use, *_tool_result, mcp_tool_use, compaction, fallback, …) produce
 * nothing: they are executed by Anthropic, never by the client.
 */
export function completeBlockEvents(block: unknown, counters: BlockCounters): CanonicalEvent[] {
  const record = asRecord(block);
  if (record === undefined) return [];
  switch (record['type']) {
    case 'text':
      return textBlockEvents(record);
    case 'thinking':
      return thinkingBlockEvents(record, counters.nextReasoningIndex++);
    case 'redacted_thinking':
      return [redactedThinkingEvent(asString(record['data']) ?? '', counters.nextReasoningIndex++)];
    case 'tool_use': {
      if (isJsonTool(record['name'])) return jsonToolTextEvents(asRecord(record['input']) ?? {}, counters);
      const index = counters.nextToolIndex++;
      const input = asRecord(record['input']) ?? {};
      return [{ type: 'tool-call-delta', index, id: toolCallId(record, index), name: asString(record['name']) ?? '', argumentsDelta: JSON.stringify(input) }];
    }
    default:
      return [];
  }
}

function textBlockEvents(block: Record<string, unknown>): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  const text = asString(block['text']) ?? '';
  if (text !== '') events.push({ type: 'text-delta', delta: text });
  for (const citation of asArray(block['citations'])) {
    const event = citationEvent(citation);
    if (event !== undefined) events.push(event);
  }
  return events;
}

/** Thinking text as a reasoning-delta, then its signature as a separate reasoning-detail (same index). */
export function thinkingBlockEvents(block: Record<string, unknown>, index: number): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  const text = asString(block['thinking']) ?? '';
  const signature = asString(block['signature']) ?? '';
  if (text !== '') events.push(reasoningTextEvent(text, index));
  if (signature !== '') events.push(signatureEvent(signature, index));
  return events;
}

/** `stop_details` of a refusal (stop_reason "refusal") → its explanation as refusal text, when given. */
export function refusalEvents(stopDetails: unknown): CanonicalEvent[] {
  const details = asRecord(stopDetails);
  const explanation = asString(details?.['explanation']);
  if (details?.['type'] !== 'refusal' || explanation === undefined || explanation === '') return [];
  return [{ type: 'refusal-delta', delta: explanation }];
}
