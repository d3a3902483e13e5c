import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asNumber, asRecord, asString, safeParseJson } from '../../json.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
import { readCitation, readContent, readToolCall, readUsage } from './cohere-api-types.js';
import { citationAnnotations, usagePatch } from './cohere-events.js';
import { thinkingDetail, toolPlanDetail } from './cohere-reasoning.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

type Payload = Record<string, unknown>;

interface ToolCallState {
  readonly index: number;
  argumentsLength: number;
}

/** `delta.message` of a stream event. */
function messageOf(payload: Payload): Record<string, unknown> | undefined {
  return asRecord(asRecord(payload['delta'])?.['message']);
}

/**
 * Cohere v2 chat streams: SSE events (`event: <type>`, `data: {"type": <type>, ...}`) from
 * message-start to message-end. One handler per event type:
 * - content-start/delta/end (text, or `thinking` for reasoning models) → text-delta / reasoning-delta;
 * - tool-plan-delta → reasoning-delta (a `reasoning.summary` detail, so it can go back as `tool_plan`);
 * - tool-call-start/delta/end → tool-call-delta with dense indexes, the call id and name on the
 *   first piece; a call whose arguments never streamed gets `{}` at its end;
 * - citation-start → url_citation annotations when the sources have URLs; citation-end is ignored;
 * - message-end → usage, then finish; `finish_reason: ERROR` with an `error` message → an error event.
 * A stream that ends without message-end, or a frame that is not JSON, ends in an error event.
 */
export class CohereStreamDecoder implements StreamDecoder {
  private finished = false;
  private responseId: string | undefined;
  private detailIndex = 0;
  /** The reasoning_details index of the thinking block or tool plan being streamed. */
  private reasoningRun: { readonly key: string; readonly index: number } | undefined;
  private readonly contentTypes = new Map<number, string>();
  private readonly toolCalls = new Map<number, ToolCallState>();
  private readonly urls = new Set<string>();

  constructor(private readonly provider: string) {}

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    if (this.finished) return [];
    const data = frame.data.trim();
    if (data === '' || data === '[DONE]') return [];
    const parsed = safeParseJson(data);
    const payload = parsed.ok ? asRecord(parsed.value) : undefined;
    if (payload === undefined) {
      const cause = parsed.ok ? undefined : parsed.error;
      return this.fail(new GatewayError('upstream_bad_response', `${this.provider}: a stream event is not a JSON object`, {
        provider: this.provider,
        raw: data.slice(0, 2000),
        ...(cause === undefined ? {} : { cause }),
      }));
    }
    return this.dispatch(asString(payload['type']) ?? frame.event, payload);
  }

  end(): readonly CanonicalEvent[] {
    if (this.finished) return [];
    return this.fail(new GatewayError('upstream_unavailable', `${this.provider}: stream ended before message-end`, { provider: this.provider }));
  }

  private dispatch(type: string | undefined, payload: Payload): CanonicalEvent[] {
    switch (type) {
      case 'message-start':
        return this.onMessageStart(payload);
      case 'content-start':
        return this.onContentStart(payload);
      case 'content-delta':
        return this.onContentDelta(payload);
      case 'tool-plan-delta':
        return this.onToolPlanDelta(payload);
      case 'tool-call-start':
        return this.onToolCallStart(payload);
      case 'tool-call-delta':
        return this.onToolCallDelta(payload);
      case 'tool-call-end':
        return this.onToolCallEnd(payload);
      case 'citation-start':
        return this.onCitationStart(payload);
      case 'message-end':
        return this.onMessageEnd(payload);
      default:
        return this.onOther(type, payload);
    }
  }

  private onMessageStart(payload: Payload): CanonicalEvent[] {
    this.responseId = asString(payload['id']);
    return [{ type: 'response-start', ...(this.responseId === undefined ? {} : { upstreamId: this.responseId }) }];
  }

  private onContentStart(payload: Payload): CanonicalEvent[] {
    const index = asNumber(payload['index']) ?? 0;
    const content = readContent(messageOf(payload)?.['content']);
    this.contentTypes.set(index, content.type ?? 'text');
    return this.contentEvents(index, content.type, content.text, content.thinking);
  }

  private onContentDelta(payload: Payload): CanonicalEvent[] {
    const index = asNumber(payload['index']) ?? 0;
    const content = readContent(messageOf(payload)?.['content']);
    const type = content.thinking !== undefined ? 'thinking' : (this.contentTypes.get(index) ?? 'text');
    return this.contentEvents(index, type, content.text, content.thinking);
  }

  private contentEvents(index: number, type: string | undefined, text: string | undefined, thinking: string | undefined): CanonicalEvent[] {
    if (type === 'thinking') {
      if (thinking === undefined || thinking === '') return [];
      return [{ type: 'reasoning-delta', delta: thinking, detail: thinkingDetail(thinking, this.runIndex(`content#${index}`)) }];
    }
    if (text === undefined || text === '') return [];
    this.reasoningRun = undefined;
    return [{ type: 'text-delta', delta: text }];
  }

  private onToolPlanDelta(payload: Payload): CanonicalEvent[] {
    const plan = asString(messageOf(payload)?.['tool_plan']);
    if (plan === undefined || plan === '') return [];
    return [{ type: 'reasoning-delta', delta: plan, detail: toolPlanDetail(plan, this.runIndex('tool_plan')) }];
  }

  /** The same reasoning_details index for every piece of one thinking block or of the tool plan. */
  private runIndex(key: string): number {
    if (this.reasoningRun?.key !== key) this.reasoningRun = { key, index: this.detailIndex++ };
    return this.reasoningRun.index;
  }

  private onToolCallStart(payload: Payload): CanonicalEvent[] {
    this.reasoningRun = undefined;
    const native = asNumber(payload['index']) ?? this.toolCalls.size;
    const call = readToolCall(messageOf(payload)?.['tool_calls']);
    const state: ToolCallState = { index: this.toolCalls.size, argumentsLength: call.arguments?.length ?? 0 };
    this.toolCalls.set(native, state);
    const id = call.id ?? `call_${this.responseId ?? 'cohere'}_${state.index}`;
    return [{ type: 'tool-call-delta', index: state.index, id, name: call.name ?? '', argumentsDelta: call.arguments ?? '' }];
  }

  private onToolCallDelta(payload: Payload): CanonicalEvent[] {
    const state = this.toolCalls.get(asNumber(payload['index']) ?? this.toolCalls.size - 1);
    const args = readToolCall(messageOf(payload)?.['tool_calls']).arguments;
    if (state === undefined || args === undefined || args === '') return [];
    state.argumentsLength += args.length;
    return [{ type: 'tool-call-delta', index: state.index, argumentsDelta: args }];
  }

  private onToolCallEnd(payload: Payload): CanonicalEvent[] {
    const state = this.toolCalls.get(asNumber(payload['index']) ?? this.toolCalls.size - 1);
    if (state === undefined || state.argumentsLength > 0) return [];
    state.argumentsLength = 2;
    return [{ type: 'tool-call-delta', index: state.index, argumentsDelta: '{}' }];
  }

  /** `delta.message.citations` is one citation (an array is read too). */
  private onCitationStart(payload: Payload): CanonicalEvent[] {
    const citations = messageOf(payload)?.['citations'];
    const list = Array.isArray(citations) ? citations : [citations];
    return list.flatMap((citation) => citationAnnotations(readCitation(citation), this.urls));
  }

  private onMessageEnd(payload: Payload): CanonicalEvent[] {
    this.finished = true;
    const delta = asRecord(payload['delta']);
    const native = asString(delta?.['finish_reason']);
    const events: CanonicalEvent[] = [];
    const usage = usagePatch(readUsage(delta?.['usage']));
    if (usage !== undefined) events.push({ type: 'usage', usage });
    const message = asString(delta?.['error']);
    if (native === 'ERROR' && message !== undefined && message !== '') {
      const error = new GatewayError('upstream_unavailable', `${this.provider}: ${message}`, { provider: this.provider, providerCode: native, raw: payload });
      return [...events, { type: 'error', error }];
    }
    events.push({ type: 'finish', reason: mapCohereFinishReason(native, this.toolCalls.size > 0), native });
    return events;
  }

  /** content-end, tool-call-end handled; citation-end, debug and new event types carry nothing; a bare `{message}` is an error. */
  private onOther(type: string | undefined, payload: Payload): CanonicalEvent[] {
    const message = asString(payload['message']);
    if (type !== undefined || message === undefined) return [];
    return this.fail(new GatewayError('upstream_unavailable', `${this.provider}: ${message}`, { provider: this.provider, raw: payload }));
  }

  private fail(error: GatewayError): CanonicalEvent[] {
    this.finished = true;
    return [{ type: 'error', error }];
  }
}
