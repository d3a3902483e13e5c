import type { ReasoningDetail } from '@switchyard/protocol';
import type { CanonicalEvent, UsagePatch } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import {
  readGeminiError,
  readGeminiResponse,
  type GeminiFunctionCallView,
  type GeminiPartView,
  type GeminiResponseView,
  type GeminiUsageView,
} from './gemini-api-types.js';
import { GroundingCitations } from './gemini-grounding.js';
import { applyPartialArg } from './gemini-partial-args.js';
import { GEMINI_REASONING_FORMAT } from './gemini-reasoning.js';
import { mapGeminiError } from './map-gemini-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

interface ToolCallInProgress {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly args: Record<string, unknown>;
}

/**
 * Gemini usage → canonical usage. Prompt includes tool-use prompt tokens (grounding, URL context);
 * completion includes thoughts, as OpenAI counts reasoning inside completion tokens.
 */
export function usagePatch(usage: GeminiUsageView): UsagePatch | undefined {
  const { promptTokenCount, candidatesTokenCount, thoughtsTokenCount } = usage;
  if (promptTokenCount === undefined && candidatesTokenCount === undefined && thoughtsTokenCount === undefined) {
    return undefined;
  }
  const patch: UsagePatch = {
    promptTokens: (promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    completionTokens: (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0),
  };
  if (usage.cachedContentTokenCount !== undefined) patch.cachedTokens = usage.cachedContentTokenCount;
  if (thoughtsTokenCount !== undefined) patch.reasoningTokens = thoughtsTokenCount;
  return patch;
}

function responseStart(response: GeminiResponseView): CanonicalEvent {
  return {
    type: 'response-start',
    ...(response.responseId === undefined ? {} : { upstreamId: response.responseId }),
    ...(response.modelVersion === undefined ? {} : { upstreamModel: response.modelVersion }),
  };
}

function toolCallEvent(call: ToolCallInProgress): CanonicalEvent {
  return { type: 'tool-call-delta', index: call.index, id: call.id, name: call.name, argumentsDelta: JSON.stringify(call.args) };
}

/**
 * Reads the GenerateContentResponse objects of one answer (one for generateContent, one per SSE event
 * for streamGenerateContent) into canonical events. Finish reasons are kept until `finish()` because
 * streams repeat them and the last one wins.
 */
export class GeminiResponseReader {
  private started = false;
  private responseId: string | undefined;
  private toolCalls = 0;
  private detailIndex = 0;
  /** reasoning_details index of the thought text being streamed, until something else comes. */
  private thoughtRun: number | undefined;
  /** A call whose arguments are still streaming (`willContinue`). */
  private pending: ToolCallInProgress | undefined;
  private finishReason: string | undefined;
  private blocked = false;
  private blockReason: string | undefined;
  private readonly citations = new GroundingCitations();
  /** The visible answer text so far (grounding supports are located in it). */
  private answer = '';
  private lastUsage = '';

  read(response: GeminiResponseView): CanonicalEvent[] {
    const events: CanonicalEvent[] = [];
    if (!this.started) {
      this.started = true;
      this.responseId = response.responseId;
      events.push(responseStart(response));
    }
    const candidate = response.candidate;
    if (candidate !== undefined) {
      for (const part of candidate.parts) this.readPart(part, events);
      events.push(...this.citations.read(candidate, this.answer));
      if (candidate.finishReason !== undefined) this.finishReason = candidate.finishReason;
    }
    if (response.blocked) {
      this.blocked = true;
      this.blockReason = response.blockReason ?? this.blockReason;
    }
    this.readUsage(response.usage, events);
    return events;
  }

  /**
   * Flushes a call still streaming and emits `finish`. Without any finish reason, `fallbackToStop`
   * decides: a complete JSON body ends as `stop`; a stream reports `finished: false`.
   */
  finish(fallbackToStop: boolean): { events: CanonicalEvent[]; finished: boolean } {
    const events: CanonicalEvent[] = [];
    this.flushPending(events);
    const hasToolCalls = this.toolCalls > 0;
    if (this.finishReason !== undefined) {
      const reason = mapGeminiFinishReason(this.finishReason, hasToolCalls);
      events.push({ type: 'finish', reason, native: this.finishReason });
    } else if (this.blocked) {
      events.push({ type: 'finish', reason: 'content_filter', native: this.blockReason });
    } else if (fallbackToStop) {
      events.push({ type: 'finish', reason: hasToolCalls ? 'tool_calls' : 'stop', native: undefined });
    } else {
      return { events, finished: false };
    }
    return { events, finished: true };
  }

  private readPart(part: GeminiPartView, events: CanonicalEvent[]): void {
    if (part.functionCall !== undefined) {
      this.readFunctionCall(part.functionCall, part.thoughtSignature, events);
      return;
    }
    if (part.text !== undefined && part.text !== '') {
      if (part.thought) this.emitThought(part.text, events);
      else {
        this.thoughtRun = undefined;
        this.answer += part.text;
        events.push({ type: 'text-delta', delta: part.text });
      }
    }
    if (part.thoughtSignature !== undefined) this.emitSignature(part.thoughtSignature, undefined, events);
  }

  /**
   * A part with a name starts a call; without one it continues the streaming call (Vertex
   * `partialArgs`). A call is emitted whole, with its arguments as one JSON text, once complete.
   */
  private readFunctionCall(call: GeminiFunctionCallView, signature: string | undefined, events: CanonicalEvent[]): void {
    this.thoughtRun = undefined;
    let target = this.pending;
    if (call.name !== undefined) {
      this.flushPending(events);
      const index = this.toolCalls++;
      target = { index, id: call.id ?? this.toolCallId(index), name: call.name, args: { ...call.args } };
    }
    if (signature !== undefined) this.emitSignature(signature, target?.id, events);
    if (target === undefined) return;
    for (const arg of call.partialArgs) applyPartialArg(target.args, arg);
    if (call.willContinue) {
      this.pending = target;
    } else {
      this.pending = undefined;
      events.push(toolCallEvent(target));
    }
  }

  /** Gemini gives no call ids (or only sometimes): derive them from the response id and the call's index. */
  private toolCallId(index: number): string {
    return this.responseId === undefined ? `call_${index}` : `call_${this.responseId}_${index}`;
  }

  private flushPending(events: CanonicalEvent[]): void {
    if (this.pending === undefined) return;
    events.push(toolCallEvent(this.pending));
    this.pending = undefined;
  }

  private emitThought(text: string, events: CanonicalEvent[]): void {
    this.thoughtRun ??= this.detailIndex++;
    const detail: ReasoningDetail = { type: 'reasoning.text', text, format: GEMINI_REASONING_FORMAT, index: this.thoughtRun };
    events.push({ type: 'reasoning-delta', delta: text, detail });
  }

  /** A thought signature, to be sent back on the same part next turn; `id` names the tool call it signs. */
  private emitSignature(signature: string, id: string | undefined, events: CanonicalEvent[]): void {
    this.thoughtRun = undefined;
    const detail: ReasoningDetail = {
      type: 'reasoning.encrypted',
      data: signature,
      format: GEMINI_REASONING_FORMAT,
      index: this.detailIndex++,
    };
    if (id !== undefined) detail.id = id;
    events.push({ type: 'reasoning-detail', detail });
  }

  /** Streams repeat usage on every chunk; a patch is emitted only when it changed. */
  private readUsage(usage: GeminiUsageView | undefined, events: CanonicalEvent[]): void {
    const patch = usage === undefined ? undefined : usagePatch(usage);
    if (patch === undefined) return;
    const key = JSON.stringify(patch);
    if (key === this.lastUsage) return;
    this.lastUsage = key;
    events.push({ type: 'usage', usage: patch });
  }
}

/**
 * A complete generateContent body → canonical events. Throws GatewayError for error bodies and bad shapes,
 * naming `provider` (the configured display name).
 */
export function parseGeminiResponse(body: unknown, provider: string): CanonicalEvent[] {
  const error = readGeminiError(body);
  if (error !== undefined) {
    throw mapGeminiError({ status: error.code ?? 502, headers: {}, body }, provider);
  }
  const response = readGeminiResponse(body);
  if (response === undefined) {
    throw new GatewayError('upstream_bad_response', `${provider}: the answer is not a GenerateContentResponse`, {
      provider,
      raw: body,
    });
  }
  const reader = new GeminiResponseReader();
  return [...reader.read(response), ...reader.finish(true).events];
}
