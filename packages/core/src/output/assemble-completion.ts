import type {
  ChatCompletion,
  ReasoningDetail,
  WireAssistantMessage,
  WireErrorObject,
  WireToolCall,
  WireUrlCitation,
  WireUsage,
} from '@switchyard/protocol';
import type { CanonicalEvent, FinishReason } from '../canonical/canonical-event.js';
import type { ResponseMeta } from './response-meta.js';

interface ToolCallParts {
  id: string;
  name: string;
  args: string[];
}

/** Collects canonical events of one response into the pieces of a non-streaming `chat.completion`. */
export class CompletionAssembler {
  private readonly text: string[] = [];
  private readonly reasoning: string[] = [];
  private readonly refusal: string[] = [];
  private readonly details: ReasoningDetail[] = [];
  private readonly toolCalls: ToolCallParts[] = [];
  private readonly annotations: WireUrlCitation[] = [];
  finishReason: FinishReason | undefined;
  nativeFinishReason: string | undefined;

  push(event: CanonicalEvent): void {
    switch (event.type) {
      case 'text-delta':
        this.text.push(event.delta);
        break;
      case 'reasoning-delta':
        this.reasoning.push(event.delta);
        if (event.detail !== undefined) this.addDetail(event.detail);
        break;
      case 'reasoning-detail':
        this.addDetail(event.detail);
        break;
      case 'refusal-delta':
        this.refusal.push(event.delta);
        break;
      case 'tool-call-delta':
        this.addToolCall(event);
        break;
      case 'annotation':
        this.annotations.push(event.annotation);
        break;
      case 'finish':
        this.finishReason = event.reason;
        this.nativeFinishReason = event.native;
        break;
      default:
        break;
    }
  }

  /** Generated text so far (also used for the generation record). */
  get content(): string {
    return this.text.join('');
  }

  hasToolCalls(): boolean {
    return this.toolCalls.length > 0;
  }

  message(includeReasoning: boolean): WireAssistantMessage {
    const message: WireAssistantMessage = {
      role: 'assistant',
      content: this.text.length === 0 && this.toolCalls.length > 0 ? null : this.content,
      refusal: this.refusal.length === 0 ? null : this.refusal.join(''),
    };
    if (includeReasoning && (this.reasoning.length > 0 || this.details.length > 0)) {
      message.reasoning = this.reasoning.length === 0 ? null : this.reasoning.join('');
      if (this.details.length > 0) message.reasoning_details = this.details;
    }
    if (this.toolCalls.length > 0) message.tool_calls = this.toolCalls.map(toWireToolCall);
    if (this.annotations.length > 0) message.annotations = this.annotations;
    return message;
  }

  build(meta: ResponseMeta, usage: WireUsage, options: { includeReasoning: boolean; error?: WireErrorObject }): ChatCompletion {
    const finish = options.error === undefined ? normalizeFinish(this.finishReason, this.hasToolCalls()) : 'error';
    const completion: ChatCompletion = {
      id: meta.id,
      object: 'chat.completion',
      created: meta.created,
      model: meta.model,
      provider: meta.provider,
      system_fingerprint: meta.systemFingerprint ?? null,
      choices: [
        {
          index: 0,
          message: this.message(options.includeReasoning),
          finish_reason: finish,
          native_finish_reason: this.nativeFinishReason ?? null,
          logprobs: null,
          ...(options.error === undefined ? {} : { error: options.error }),
        },
      ],
      usage,
    };
    if (meta.serviceTier !== undefined) completion.service_tier = meta.serviceTier;
    return completion;
  }

  /** Pieces with the same index and type are one detail: text/summary/data concatenate, signature and id last-wins. */
  private addDetail(detail: ReasoningDetail): void {
    const last = this.details.findLast((d) => d.index === detail.index && d.type === detail.type);
    if (last === undefined) {
      this.details.push({ ...detail });
      return;
    }
    if (detail.text !== undefined) last.text = (last.text ?? '') + detail.text;
    if (detail.summary !== undefined) last.summary = (last.summary ?? '') + detail.summary;
    if (detail.data !== undefined) last.data = (last.data ?? '') + detail.data;
    if (detail.signature != null) last.signature = detail.signature;
    if (detail.id != null) last.id = detail.id;
  }

  private addToolCall(event: Extract<CanonicalEvent, { type: 'tool-call-delta' }>): void {
    let call = this.toolCalls[event.index];
    if (call === undefined) {
      call = { id: event.id ?? `call_${event.index}`, name: event.name ?? '', args: [] };
      this.toolCalls[event.index] = call;
    } else {
      if (event.id !== undefined) call.id = event.id;
      if (event.name !== undefined) call.name = event.name;
    }
    call.args.push(event.argumentsDelta);
  }
}

/**
 * OpenRouter's rule: a response that called tools finishes with `tool_calls`, even when the
 * provider said "stop" (agent loops end early otherwise); no reported reason means `stop`.
 */
export function normalizeFinish(reason: FinishReason | undefined, calledTools: boolean): FinishReason {
  if (reason === undefined || reason === 'stop') return calledTools ? 'tool_calls' : 'stop';
  return reason;
}

function toWireToolCall(call: ToolCallParts): WireToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.args.join('') } };
}
