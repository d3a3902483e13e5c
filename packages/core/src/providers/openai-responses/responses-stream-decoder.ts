import type { ReasoningFormat } from '@switchyard/protocol';
import type { CanonicalEvent, UsagePatch } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asNumber, asRecord, asString, safeParseJson } from '../../json.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
import { maybeParallelWrapper, unwrapParallelCall } from './parallel-wrapper.js';
import { citationOf, finishOf, parseResponsesUsage, ReasoningDetails, responsesError, responseStart } from './responses-parts.js';

type Data = Record<string, unknown>;

interface ToolCallState {
  /** undefined while a possible `parallel` wrapper is held back (and after it was unwrapped). */
  readonly index: number | undefined;
  /** The arguments sent (or held) so far (servers that only send `.done` get the rest from it). */
  sent: string;
  held?: { readonly callId: string; readonly name: string } | undefined;
}

/**
 * `response.*` SSE events → canonical events, one handler per event type. Function calls get dense
 * indexes in order of their `output_item.added`; argument deltas are matched by item id. Built-in
 * tool events are ignored. A stream without `response.completed` / `incomplete` / `failed` is an error.
 */
export class ResponsesStreamDecoder implements StreamDecoder {
  private started = false;
  private done = false;
  private usage: UsagePatch | undefined;
  private textLength = 0;
  /** Per output_text part (`item#content_index`): its offset in the message text and the text sent. */
  private readonly parts = new Map<string, { readonly offset: number; sent: string }>();
  /** Function calls by output_index (some servers, e.g. GitHub Copilot, rotate item ids on every event). */
  private readonly toolCalls = new Map<string, ToolCallState>();
  private nextToolIndex = 0;
  /** The id each output item had when it was added, by output_index. */
  private readonly itemIds = new Map<string, string>();
  private readonly reasoning: ReasoningDetails;

  constructor(
    private readonly provider: string,
    format: ReasoningFormat,
  ) {
    this.reasoning = new ReasoningDetails(format);
  }

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    if (this.done) return [];
    const text = frame.data.trim();
    if (text === '' || text === '[DONE]') return [];
    const parsed = safeParseJson(text);
    const data = parsed.ok ? asRecord(parsed.value) : undefined;
    if (data === undefined) {
      return this.fail(
        new GatewayError('upstream_bad_response', `${this.provider}: a stream event is not a JSON object`, {
          provider: this.provider,
          raw: text.slice(0, 2000),
          ...(parsed.ok ? {} : { cause: parsed.error }),
        }),
      );
    }
    const events = this.onEvent(asString(data['type']) ?? frame.event ?? '', data);
    if (!this.started && events.length > 0 && events[0]?.type !== 'response-start' && events.some(isContent)) {
      this.started = true;
      return [{ type: 'response-start' }, ...events];
    }
    return events;
  }

  end(): readonly CanonicalEvent[] {
    if (this.done) return [];
    return this.fail(
      new GatewayError('upstream_unavailable', `${this.provider}: stream ended before the response finished`, { provider: this.provider }),
    );
  }

  private onEvent(type: string, data: Data): CanonicalEvent[] {
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
        return this.onStart(asRecord(data['response']) ?? {});
      case 'response.completed':
      case 'response.incomplete':
        return this.onFinished(asRecord(data['response']) ?? {});
      case 'response.failed':
        return this.onFailed(asRecord(data['response']) ?? {});
      case 'error':
        return this.fail(responsesError(data, this.provider));
      default:
        return this.onOutputEvent(type, data);
    }
  }

  /** Events about one output item: function calls, text, annotations, refusals, reasoning. */
  private onOutputEvent(type: string, data: Data): CanonicalEvent[] {
    switch (type) {
      case 'response.output_item.added':
        return this.onItemAdded(itemKey(data), asRecord(data['item']) ?? {});
      case 'response.output_item.done':
        return this.onItemDone(itemKey(data), asRecord(data['item']) ?? {});
      case 'response.function_call_arguments.delta':
        return this.onArguments(itemKey(data), asString(data['delta']) ?? '', false);
      case 'response.function_call_arguments.done':
        return this.onArguments(itemKey(data), asString(data['arguments']) ?? '', true);
      case 'response.output_text.delta':
        return this.onText(data, asString(data['delta']) ?? '', false);
      case 'response.output_text.done':
        return this.onText(data, asString(data['text']) ?? '', true);
      case 'response.output_text.annotation.added':
        return this.onAnnotation(data);
      case 'response.refusal.delta':
        return nonEmpty(asString(data['delta']), (delta) => ({ type: 'refusal-delta', delta }));
      case 'response.reasoning_summary_text.delta':
        return this.reasoning.summary(this.itemId(data), asNumber(data['summary_index']) ?? 0, asString(data['delta']) ?? '');
      case 'response.reasoning_text.delta':
        return nonEmpty(asString(data['delta']), (delta) => this.reasoning.text(this.itemId(data), delta));
      default:
        return [];
    }
  }

  private onStart(response: Data): CanonicalEvent[] {
    if (this.started) return [];
    this.started = true;
    return [responseStart(response)];
  }

  /** The item's id as first announced (stable even when a server rotates ids). */
  private itemId(data: Data): string | undefined {
    return this.itemIds.get(itemKey(data)) ?? asString(data['item_id']);
  }

  private onItemAdded(key: string, item: Data): CanonicalEvent[] {
    const id = asString(item['id']);
    if (id !== undefined && !this.itemIds.has(key)) this.itemIds.set(key, id);
    if (item['type'] !== 'function_call') return [];
    const name = asString(item['name']) ?? '';
    const callId = asString(item['call_id']) ?? id ?? `call_${this.nextToolIndex}`;
    const sent = asString(item['arguments']) ?? '';
    if (maybeParallelWrapper(name)) {
      this.toolCalls.set(key, { index: undefined, sent, held: { callId, name } });
      return [];
    }
    const index = this.nextToolIndex++;
    this.toolCalls.set(key, { index, sent });
    return [{ type: 'tool-call-delta', index, id: callId, name, argumentsDelta: sent }];
  }

  private onItemDone(key: string, item: Data): CanonicalEvent[] {
    if (item['type'] === 'function_call') return this.onArguments(key, asString(item['arguments']) ?? '', true);
    if (item['type'] !== 'reasoning') return [];
    const encrypted = asString(item['encrypted_content']);
    const id = this.itemIds.get(key) ?? asString(item['id']);
    return encrypted === undefined || encrypted === '' ? [] : [this.reasoning.encrypted(id, encrypted)];
  }

  /** A delta, or the full arguments (`complete`): only what was not sent yet goes out. */
  private onArguments(key: string, text: string, complete: boolean): CanonicalEvent[] {
    const state = this.toolCalls.get(key);
    if (state?.held !== undefined) return this.onHeldArguments(state, state.held, text, complete);
    if (state?.index === undefined) return [];
    let delta = text;
    if (complete) delta = text.startsWith(state.sent) ? text.slice(state.sent.length) : '';
    if (delta === '') return [];
    state.sent += delta;
    return [{ type: 'tool-call-delta', index: state.index, argumentsDelta: delta }];
  }

  /** A possible `parallel` wrapper: held until its arguments are complete, then unwrapped (or sent as is). */
  private onHeldArguments(state: ToolCallState, held: { callId: string; name: string }, text: string, complete: boolean): CanonicalEvent[] {
    state.sent = complete ? text : state.sent + text;
    if (!complete) return [];
    state.held = undefined;
    const calls = unwrapParallelCall(held.callId, state.sent) ?? [{ id: held.callId, name: held.name, arguments: state.sent }];
    return calls.map((call) => ({ type: 'tool-call-delta', index: this.nextToolIndex++, id: call.id, name: call.name, argumentsDelta: call.arguments }));
  }

  /** A text delta, or the part's full text (`complete`, some servers stream less): only unsent text goes out. */
  private onText(data: Data, text: string, complete: boolean): CanonicalEvent[] {
    const key = `${itemKey(data)}#${asNumber(data['content_index']) ?? 0}`;
    let part = this.parts.get(key);
    if (part === undefined) {
      part = { offset: this.textLength, sent: '' };
      this.parts.set(key, part);
    }
    let delta = text;
    if (complete) delta = text.startsWith(part.sent) ? text.slice(part.sent.length) : '';
    if (delta === '') return [];
    part.sent += delta;
    this.textLength += delta.length;
    return [{ type: 'text-delta', delta }];
  }

  private onAnnotation(data: Data): CanonicalEvent[] {
    const key = `${itemKey(data)}#${asNumber(data['content_index']) ?? 0}`;
    const event = citationOf(data['annotation'], this.parts.get(key)?.offset ?? 0);
    return event === undefined ? [] : [event];
  }

  private onFinished(response: Data): CanonicalEvent[] {
    const events: CanonicalEvent[] = this.started ? [] : this.onStart(response);
    this.done = true;
    const usage = parseResponsesUsage(response['usage']);
    if (usage !== undefined) events.push({ type: 'usage', usage });
    events.push(finishOf(response, this.nextToolIndex > 0));
    return events;
  }

  private onFailed(response: Data): CanonicalEvent[] {
    this.usage = parseResponsesUsage(response['usage']);
    return this.fail(responsesError({ error: response['error'] ?? { message: 'the response failed' } }, this.provider));
  }

  private fail(error: GatewayError): CanonicalEvent[] {
    this.done = true;
    const events: CanonicalEvent[] = [];
    if (this.usage !== undefined) events.push({ type: 'usage', usage: this.usage });
    events.push({ type: 'error', error });
    return events;
  }
}

/** An output item's key: its output_index (stable), else its item id. */
function itemKey(data: Data): string {
  const index = asNumber(data['output_index']);
  return index === undefined ? `id:${asString(data['item_id']) ?? asString(asRecord(data['item'])?.['id']) ?? ''}` : String(index);
}

function isContent(event: CanonicalEvent): boolean {
  return event.type !== 'usage' && event.type !== 'finish' && event.type !== 'error';
}

function nonEmpty(value: string | undefined, make: (text: string) => CanonicalEvent): CanonicalEvent[] {
  return value === undefined || value === '' ? [] : [make(value)];
}
