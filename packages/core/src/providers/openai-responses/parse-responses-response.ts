import type { ReasoningFormat } from '@switchyard/protocol';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asArray, asRecord, asString } from '../../json.js';
import { maybeParallelWrapper, unwrapParallelCall } from './parallel-wrapper.js';
import { citationOf, finishOf, parseResponsesUsage, ReasoningDetails, responsesError, responseStart } from './responses-parts.js';

/**
 * A Response object → canonical events, output item by output item: reasoning (summaries, readable
 * text, encrypted content), messages (text, refusals, url citations) and function calls. Built-in
 * tool items (web search, code interpreter, …) are the provider's own work and produce no events.
 */
export function parseResponsesResponse(body: unknown, provider: string, format: ReasoningFormat): CanonicalEvent[] {
  const response = asRecord(body);
  if (response === undefined || response['object'] !== 'response') {
    throw new GatewayError('upstream_bad_response', `${provider}: the response is not a Responses API response object`, {
      provider,
      raw: body,
    });
  }
  const events: CanonicalEvent[] = [responseStart(response)];
  const reasoning = new ReasoningDetails(format);
  const state = { textLength: 0, toolCalls: 0 };
  for (const item of asArray(response['output'])) {
    events.push(...itemEvents(asRecord(item) ?? {}, reasoning, state));
  }
  const usage = parseResponsesUsage(response['usage']);
  if (usage !== undefined) events.push({ type: 'usage', usage });
  if (response['status'] === 'failed' || asRecord(response['error']) !== undefined) {
    events.push({ type: 'error', error: responsesError({ error: response['error'] }, provider) });
    return events;
  }
  events.push(finishOf(response, state.toolCalls > 0));
  return events;
}

function itemEvents(
  item: Record<string, unknown>,
  reasoning: ReasoningDetails,
  state: { textLength: number; toolCalls: number },
): CanonicalEvent[] {
  const id = asString(item['id']);
  switch (item['type']) {
    case 'reasoning':
      return reasoningEvents(item, id, reasoning);
    case 'message':
      return messageEvents(item, state);
    case 'function_call':
      return functionCallEvents(item, id, state);
    default:
      return [];
  }
}

function functionCallEvents(item: Record<string, unknown>, id: string | undefined, state: { toolCalls: number }): CanonicalEvent[] {
  const callId = asString(item['call_id']) ?? id ?? `call_${state.toolCalls}`;
  const name = asString(item['name']) ?? '';
  const args = asString(item['arguments']) ?? '';
  const calls = (maybeParallelWrapper(name) ? unwrapParallelCall(callId, args) : undefined) ?? [{ id: callId, name, arguments: args }];
  return calls.map((call) => ({ type: 'tool-call-delta', index: state.toolCalls++, id: call.id, name: call.name, argumentsDelta: call.arguments }));
}

function reasoningEvents(item: Record<string, unknown>, id: string | undefined, reasoning: ReasoningDetails): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  asArray(item['summary']).forEach((part, i) => {
    const text = asString(asRecord(part)?.['text']);
    if (text !== undefined && text !== '') events.push(...reasoning.summary(id, i, text));
  });
  for (const part of asArray(item['content'])) {
    const text = asString(asRecord(part)?.['text']);
    if (asRecord(part)?.['type'] === 'reasoning_text' && text !== undefined && text !== '') events.push(reasoning.text(id, text));
  }
  const encrypted = asString(item['encrypted_content']);
  if (encrypted !== undefined && encrypted !== '') events.push(reasoning.encrypted(id, encrypted));
  return events;
}

function messageEvents(item: Record<string, unknown>, state: { textLength: number }): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const raw of asArray(item['content'])) {
    const part = asRecord(raw) ?? {};
    if (part['type'] === 'refusal') {
      const refusal = asString(part['refusal']);
      if (refusal !== undefined && refusal !== '') events.push({ type: 'refusal-delta', delta: refusal });
      continue;
    }
    if (part['type'] !== 'output_text') continue;
    const text = asString(part['text']) ?? '';
    const offset = state.textLength;
    if (text !== '') events.push({ type: 'text-delta', delta: text });
    state.textLength += text.length;
    for (const annotation of asArray(part['annotations'])) {
      const event = citationOf(annotation, offset);
      if (event !== undefined) events.push(event);
    }
  }
  return events;
}
