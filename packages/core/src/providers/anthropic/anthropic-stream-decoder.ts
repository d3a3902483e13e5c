import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asArray, asNumber, asRecord, asString, safeParseJson } from '../../json.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
import {
  citationEvent,
  completeBlockEvents,
  newBlockCounters,
  reasoningTextEvent,
  refusalEvents,
  signatureEvent,
  thinkingBlockEvents,
  toolCallId,
  type BlockCounters,
} from './anthropic-content-blocks.js';
import { finishReasonOf, isJsonTool } from './anthropic-json-tool.js';
import { mergeAnthropicUsage, usagePatch, type AnthropicUsageCounters } from './anthropic-usage.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { responseStartEvent } from './parse-anthropic-response.js';

/** What an open content block (by Anthropic's content block index) turns into. */
type BlockState =
  | { readonly kind: 'text' }
  | { readonly kind: 'thinking'; readonly reasoningIndex: number }
  | { readonly kind: 'tool'; readonly toolIndex: number; readonly startInput: unknown; sawArguments: boolean }
  /** The emulated json_schema answer tool: its input streams as text. */
  | { readonly kind: 'json'; readonly startInput: unknown; sawArguments: boolean }
  /** Server-tool blocks, redacted thinking (complete at start), fallback, compaction, unknown types. */
  | { readonly kind: 'ignored' };

interface DecoderState {
  readonly provider: string;
  /** waiting → open (message_start) → stopped (message_stop); failed after an error event. */
  phase: 'waiting' | 'open' | 'stopped' | 'failed';
  messageId: string | undefined;
  readonly blocks: Map<number, BlockState>;
  readonly counters: BlockCounters;
  readonly usage: AnthropicUsageCounters;
  stopReason: string | undefined;
}

type Payload = Record<string, unknown>;

/**
 * Anthropic Messages SSE → canonical events. The event kind is read from the payload's `type`
 * (the SSE `event:` line is only a fallback: vercel's recordings have none).
 *
 * Lifecycle rules:
 * - a second message_start with the same id (or none) while the message is open is ignored;
 * - a message_start with a different id while one is open is a broken stream: an `error` event
 *   (upstream_bad_response) and everything after it is ignored (no finish, no further tool calls);
 * - frames after message_stop are ignored; `finish` is emitted at message_stop;
 * - input that ends before message_stop (or without any message) yields an `error` event (upstream_unavailable).
 * Every error names `provider`, the configured display name.
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  private readonly state: DecoderState;

  constructor(provider: string) {
    this.state = {
      provider,
      phase: 'waiting',
      messageId: undefined,
      blocks: new Map(),
      counters: newBlockCounters(),
      usage: {},
      stopReason: undefined,
    };
  }

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    const state = this.state;
    if (state.phase === 'stopped' || state.phase === 'failed' || frame.data.trim() === '') return [];
    const parsed = safeParseJson(frame.data);
    const payload = parsed.ok ? asRecord(parsed.value) : undefined;
    if (payload === undefined) {
      return fail(state, new GatewayError('upstream_bad_response', `${state.provider}: a stream event is not a JSON object`, {
        provider: state.provider,
        raw: frame.data.slice(0, 2000),
      }));
    }
    return dispatch(state, asString(payload['type']) ?? frame.event, payload);
  }

  end(): readonly CanonicalEvent[] {
    const state = this.state;
    if (state.phase === 'stopped' || state.phase === 'failed') return [];
    return fail(state, new GatewayError('upstream_unavailable', `${state.provider}: stream ended before the response finished`, {
      provider: state.provider,
    }));
  }
}

function dispatch(state: DecoderState, type: string | undefined, payload: Payload): CanonicalEvent[] {
  switch (type) {
    case 'message_start':
      return onMessageStart(state, payload);
    case 'content_block_start':
      return onContentBlockStart(state, payload);
    case 'content_block_delta':
      return onContentBlockDelta(state, payload);
    case 'content_block_stop':
      return onContentBlockStop(state, payload);
    case 'message_delta':
      return onMessageDelta(state, payload);
    case 'message_stop':
      return onMessageStop(state);
    case 'error':
      return onError(state, payload);
    default:
      // ping and event types added later.
      return [];
  }
}

function fail(state: DecoderState, error: GatewayError): CanonicalEvent[] {
  state.phase = 'failed';
  return [{ type: 'error', error }];
}

function usageEvents(state: DecoderState, usage: unknown): CanonicalEvent[] {
  if (asRecord(usage) === undefined) return [];
  mergeAnthropicUsage(state.usage, usage);
  const patch = usagePatch(state.usage);
  return Object.keys(patch).length === 0 ? [] : [{ type: 'usage', usage: patch }];
}

/** Opens the message. Blocks already complete in `message.content` (programmatic tool calls) are emitted as is. */
function onMessageStart(state: DecoderState, payload: Payload): CanonicalEvent[] {
  const message = asRecord(payload['message']) ?? {};
  const id = asString(message['id']);
  if (state.phase === 'open') {
    if (id === undefined || id === state.messageId) return [];
    return fail(state, new GatewayError('upstream_bad_response', `${state.provider}: message ${id} started while message ${state.messageId ?? '(unknown)'} was still open`, {
      provider: state.provider,
      raw: payload,
    }));
  }
  state.phase = 'open';
  state.messageId = id;
  const events: CanonicalEvent[] = [responseStartEvent(message)];
  for (const block of asArray(message['content'])) events.push(...completeBlockEvents(block, state.counters));
  state.stopReason = asString(message['stop_reason']) ?? state.stopReason;
  events.push(...usageEvents(state, message['usage']));
  return events;
}

function onContentBlockStart(state: DecoderState, payload: Payload): CanonicalEvent[] {
  const index = asNumber(payload['index']);
  const block = asRecord(payload['content_block']);
  if (index === undefined || block === undefined) return [];
  switch (block['type']) {
    case 'text':
      state.blocks.set(index, { kind: 'text' });
      return completeBlockEvents(block, state.counters);
    case 'thinking': {
      const reasoningIndex = state.counters.nextReasoningIndex++;
      state.blocks.set(index, { kind: 'thinking', reasoningIndex });
      return thinkingBlockEvents(block, reasoningIndex);
    }
    case 'tool_use': {
      if (isJsonTool(block['name'])) {
        state.counters.sawJsonTool = true;
        state.blocks.set(index, { kind: 'json', startInput: block['input'], sawArguments: false });
        return [];
      }
      const toolIndex = state.counters.nextToolIndex++;
      state.blocks.set(index, { kind: 'tool', toolIndex, startInput: block['input'], sawArguments: false });
      return [{ type: 'tool-call-delta', index: toolIndex, id: toolCallId(block, toolIndex), name: asString(block['name']) ?? '', argumentsDelta: '' }];
    }
    default:
      // redacted_thinking arrives complete; server-side blocks produce nothing.
      state.blocks.set(index, { kind: 'ignored' });
      return completeBlockEvents(block, state.counters);
  }
}

function onContentBlockDelta(state: DecoderState, payload: Payload): CanonicalEvent[] {
  const index = asNumber(payload['index']);
  const block = index === undefined ? undefined : state.blocks.get(index);
  const delta = asRecord(payload['delta']);
  if (block === undefined || delta === undefined) return [];
  switch (delta['type']) {
    case 'text_delta':
      return onTextDelta(block, asString(delta['text']) ?? '');
    case 'citations_delta':
      return onCitationsDelta(block, delta['citation']);
    case 'thinking_delta':
      return onThinkingDelta(block, asString(delta['thinking']) ?? '');
    case 'signature_delta':
      return onSignatureDelta(block, asString(delta['signature']) ?? '');
    case 'input_json_delta':
      return onInputJsonDelta(block, asString(delta['partial_json']) ?? '');
    default:
      // compaction_delta and future delta types.
      return [];
  }
}

function onTextDelta(block: BlockState, text: string): CanonicalEvent[] {
  return block.kind === 'text' && text !== '' ? [{ type: 'text-delta', delta: text }] : [];
}

function onCitationsDelta(block: BlockState, citation: unknown): CanonicalEvent[] {
  const event = block.kind === 'text' ? citationEvent(citation) : undefined;
  return event === undefined ? [] : [event];
}

function onThinkingDelta(block: BlockState, text: string): CanonicalEvent[] {
  return block.kind === 'thinking' && text !== '' ? [reasoningTextEvent(text, block.reasoningIndex)] : [];
}

function onSignatureDelta(block: BlockState, signature: string): CanonicalEvent[] {
  return block.kind === 'thinking' && signature !== '' ? [signatureEvent(signature, block.reasoningIndex)] : [];
}

/** Client tool arguments stream as they come; server-tool input (ignored blocks) is dropped. */
function onInputJsonDelta(block: BlockState, json: string): CanonicalEvent[] {
  if (json === '') return [];
  if (block.kind === 'json') {
    block.sawArguments = true;
    return [{ type: 'text-delta', delta: json }];
  }
  if (block.kind !== 'tool') return [];
  block.sawArguments = true;
  return [{ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: json }];
}

function onContentBlockStop(state: DecoderState, payload: Payload): CanonicalEvent[] {
  const index = asNumber(payload['index']);
  const block = index === undefined ? undefined : state.blocks.get(index);
  if (index === undefined || block === undefined) return [];
  state.blocks.delete(index);
  return closeBlock(block);
}

/** A tool call whose arguments never streamed gets the input from its start block (`{}` for no-argument tools). */
function closeBlock(block: BlockState): CanonicalEvent[] {
  if (block.kind === 'json' && !block.sawArguments) return [{ type: 'text-delta', delta: JSON.stringify(asRecord(block.startInput) ?? {}) }];
  if (block.kind !== 'tool' || block.sawArguments) return [];
  return [{ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: JSON.stringify(asRecord(block.startInput) ?? {}) }];
}

/** Carries the stop reason (+ refusal details) and the cumulative output usage (some streams repeat input_tokens here). */
function onMessageDelta(state: DecoderState, payload: Payload): CanonicalEvent[] {
  const delta = asRecord(payload['delta']);
  const stopReason = asString(delta?.['stop_reason']);
  if (stopReason !== undefined) state.stopReason = stopReason;
  return [...refusalEvents(delta?.['stop_details']), ...usageEvents(state, payload['usage'])];
}

/** Closes blocks left open (a max_tokens cut may skip content_block_stop) and finishes. */
function onMessageStop(state: DecoderState): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const index of [...state.blocks.keys()].sort((a, b) => a - b)) {
    const block = state.blocks.get(index);
    if (block !== undefined) events.push(...closeBlock(block));
  }
  state.blocks.clear();
  state.phase = 'stopped';
  events.push({ type: 'finish', reason: finishReasonOf(state.stopReason, state.counters), native: state.stopReason });
  return events;
}

/** A mid-stream `error` event (e.g. overloaded_error) → the same mapping as an HTTP error body. */
function onError(state: DecoderState, payload: Payload): CanonicalEvent[] {
  return fail(state, mapAnthropicError({ status: 200, headers: {}, body: payload }, state.provider));
}
