import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { EXCEPTION_EVENT } from '../../framing/aws-event-stream.js';
import { asRecord, asString, safeParseJson } from '../../json.js';
import { reasoningTextEvent, redactedThinkingEvent, signatureEvent } from '../anthropic/anthropic-content-blocks.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
import { JSON_TOOL_NAME } from './bedrock-api-types.js';
import { bedrockUsage } from './bedrock-usage.js';
import { mapBedrockError, statusForBedrockError } from './map-bedrock-error.js';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';

type Block =
  | { readonly kind: 'tool'; readonly index: number; hasArgs: boolean }
  | { readonly kind: 'json'; hasArgs: boolean }
  | { readonly kind: 'reasoning'; readonly index: number };

export interface BedrockStreamOptions {
  /** Name of the tool that carries a JSON answer (its input becomes text). */
  readonly jsonToolName?: string;
}

/**
 * ConverseStream frames (one per event-stream message: messageStart, contentBlockStart,
 * contentBlockDelta, contentBlockStop, messageStop, metadata, exception) → canonical events.
 * `finish` is emitted at the end, after `metadata` (which may come before or after messageStop).
 */
export class BedrockStreamDecoder implements StreamDecoder {
  private started = false;
  private readonly blocks = new Map<number, Block>();
  private nextToolIndex = 0;
  private nextReasoningIndex = 0;
  private stopReason: string | undefined;
  private sawTool = false;
  private done = false;
  private readonly jsonToolName: string;

  constructor(
    private readonly provider: string,
    options: BedrockStreamOptions = {},
  ) {
    this.jsonToolName = options.jsonToolName ?? JSON_TOOL_NAME;
  }

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    if (this.done) return [];
    if (frame.event === EXCEPTION_EVENT) return this.onException(frame.data);
    const parsed = safeParseJson(frame.data);
    const payload = asRecord(parsed.ok ? parsed.value : undefined);
    if (payload === undefined) return [this.fail(`${this.provider} sent a stream event that is not a JSON object`, frame.data)];
    const events: CanonicalEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: 'response-start' });
    }
    switch (frame.event) {
      case 'contentBlockStart':
        events.push(...this.onBlockStart(payload));
        break;
      case 'contentBlockDelta':
        events.push(...this.onBlockDelta(payload));
        break;
      case 'contentBlockStop':
        events.push(...this.onBlockStop(payload));
        break;
      case 'messageStop':
        this.stopReason = asString(payload['stopReason']) ?? 'end_turn';
        break;
      case 'metadata': {
        const usage = bedrockUsage(payload['usage']);
        if (usage !== undefined) events.push({ type: 'usage', usage });
        break;
      }
      default:
        // messageStart and future event types carry nothing for the client.
        break;
    }
    return events;
  }

  end(): readonly CanonicalEvent[] {
    if (this.done) return [];
    this.done = true;
    if (this.stopReason === undefined) {
      return [this.fail(`${this.provider} ended the stream before messageStop`, undefined)];
    }
    return [{ type: 'finish', reason: mapBedrockFinishReason(this.stopReason, !this.sawTool), native: this.stopReason }];
  }

  private onBlockStart(payload: Record<string, unknown>): CanonicalEvent[] {
    const index = Number(payload['contentBlockIndex'] ?? 0);
    const toolUse = asRecord(asRecord(payload['start'])?.['toolUse']);
    if (toolUse === undefined) return [];
    const name = asString(toolUse['name']) ?? '';
    if (name === this.jsonToolName) {
      this.blocks.set(index, { kind: 'json', hasArgs: false });
      return [];
    }
    const block = { kind: 'tool' as const, index: this.nextToolIndex++, hasArgs: false };
    this.blocks.set(index, block);
    this.sawTool = true;
    const id = asString(toolUse['toolUseId']) ?? `call_${block.index}`;
    return [{ type: 'tool-call-delta', index: block.index, id, name, argumentsDelta: '' }];
  }

  private onBlockDelta(payload: Record<string, unknown>): CanonicalEvent[] {
    const index = Number(payload['contentBlockIndex'] ?? 0);
    const delta = asRecord(payload['delta']) ?? {};
    const text = asString(delta['text']);
    if (text !== undefined) return text === '' ? [] : [{ type: 'text-delta', delta: text }];
    const toolUse = asRecord(delta['toolUse']);
    if (toolUse !== undefined) return this.onToolInput(index, asString(toolUse['input']) ?? '');
    const reasoning = asRecord(delta['reasoningContent']);
    if (reasoning !== undefined) return this.onReasoning(index, reasoning);
    return [];
  }

  private onToolInput(index: number, input: string): CanonicalEvent[] {
    let block = this.blocks.get(index);
    if (block === undefined) {
      // A tool delta without its contentBlockStart: keep the call, with a synthetic id.
      block = { kind: 'tool', index: this.nextToolIndex++, hasArgs: false };
      this.blocks.set(index, block);
      this.sawTool = true;
    }
    if (input === '' || block.kind === 'reasoning') return [];
    block.hasArgs = true;
    return block.kind === 'json' ? [{ type: 'text-delta', delta: input }] : [{ type: 'tool-call-delta', index: block.index, argumentsDelta: input }];
  }

  private onReasoning(index: number, reasoning: Record<string, unknown>): CanonicalEvent[] {
    let block = this.blocks.get(index);
    if (block?.kind !== 'reasoning') {
      block = { kind: 'reasoning', index: this.nextReasoningIndex++ };
      this.blocks.set(index, block);
    }
    const text = asString(reasoning['text']);
    if (text !== undefined && text !== '') return [reasoningTextEvent(text, block.index)];
    const signature = asString(reasoning['signature']);
    if (signature !== undefined && signature !== '') return [signatureEvent(signature, block.index)];
    const redacted = asString(reasoning['redactedContent']);
    if (redacted !== undefined && redacted !== '') return [redactedThinkingEvent(redacted, block.index)];
    return [];
  }

  /** A tool call that streamed no arguments (a tool without parameters) gets "{}". */
  private onBlockStop(payload: Record<string, unknown>): CanonicalEvent[] {
    const block = this.blocks.get(Number(payload['contentBlockIndex'] ?? 0));
    if (block === undefined || block.kind === 'reasoning' || block.hasArgs) return [];
    block.hasArgs = true;
    return block.kind === 'json' ? [{ type: 'text-delta', delta: '{}' }] : [{ type: 'tool-call-delta', index: block.index, argumentsDelta: '{}' }];
  }

  /** An exception message mid-stream (throttlingException, validationException, …) → an `error` event. */
  private onException(data: string): CanonicalEvent[] {
    this.done = true;
    const parsed = safeParseJson(data);
    const record = asRecord(parsed.ok ? parsed.value : undefined);
    const type = asString(record?.['type']);
    const failure = {
      status: statusForBedrockError(type),
      headers: type === undefined ? {} : { 'x-amzn-errortype': type },
      body: { message: asString(record?.['message']) ?? data, raw: record?.['raw'] },
    };
    return [{ type: 'error', error: mapBedrockError(failure, this.provider) }];
  }

  private fail(message: string, raw: string | undefined): CanonicalEvent {
    this.done = true;
    return {
      type: 'error',
      error: new GatewayError('upstream_bad_response', message, { provider: this.provider, ...(raw === undefined ? {} : { raw: raw.slice(0, 2000) }) }),
    };
  }
}
