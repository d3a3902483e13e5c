import type { CanonicalEvent, UsagePatch } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString, safeParseJson } from '../../json.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
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
import { ToolCallIndexer, toolCallsOf } from './tool-calls.js';

/**
 * `chat.completion.chunk` frames → canonical events. Usage may come in a final `choices: []`
 * chunk, inside the last choice chunk, in every chunk (Perplexity) or in `x_groq.usage`; it is
 * merged and emitted once, followed by `finish`, when the stream completes (`[DONE]` or end of
 * input). A stream that completes without a finish_reason is an error: the response was cut off.
 * Every error names `provider`, the configured display name.
 */
export class OpenAiCompatibleStreamDecoder implements StreamDecoder {
  private started = false;
  private done = false;
  private upstreamId: string | undefined;
  private nativeFinish: string | undefined;
  private sawFinish = false;
  private usage: UsagePatch | undefined;
  private citationsSent = false;
  private readonly toolCalls = new ToolCallIndexer();

  constructor(private readonly provider: string) {}

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    if (this.done) return [];
    const data = frame.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') return this.complete();
    const parsed = safeParseJson(data);
    const chunk = parsed.ok ? asRecord(parsed.value) : undefined;
    if (chunk === undefined) {
      const cause = parsed.ok ? undefined : parsed.error;
      return this.fail(
        new GatewayError('upstream_bad_response', `${this.provider}: a stream chunk is not a JSON object`, {
          provider: this.provider,
          raw: data.slice(0, 2000),
          ...(cause === undefined ? {} : { cause }),
        }),
      );
    }
    if (chunk['error'] != null) return this.fail(mapStreamError(chunk, this.provider));
    return this.onChunk(chunk);
  }

  end(): readonly CanonicalEvent[] {
    return this.done ? [] : this.complete();
  }

  private onChunk(chunk: Record<string, unknown>): CanonicalEvent[] {
    const events: CanonicalEvent[] = [];
    if (!this.started) {
      const start = responseStart(chunk);
      if (start !== undefined) this.start(events, start);
    }
    this.upstreamId ??= nonEmpty(asString(chunk['id']));
    const usage = parseUsage(chunk['usage'] ?? asRecord(chunk['x_groq'])?.['usage']);
    if (usage !== undefined) this.usage = { ...this.usage, ...usage };
    const content: CanonicalEvent[] = [];
    const choice = firstChoice(chunk);
    if (choice !== undefined) {
      const delta = asRecord(choice['delta']) ?? asRecord(choice['message']) ?? {};
      content.push(...messageEvents(delta), ...this.toolCalls.push(toolCallsOf(delta), this.upstreamId));
      const finish = nonEmpty(asString(choice['finish_reason']));
      if (finish !== undefined) {
        this.nativeFinish = finish;
        this.sawFinish = true;
      }
    }
    if (!this.citationsSent) {
      const citations = citationEvents(chunk);
      this.citationsSent = citations.length > 0;
      content.push(...citations);
    }
    if (content.length > 0 && !this.started) this.start(events, { type: 'response-start' });
    events.push(...content);
    return events;
  }

  private start(events: CanonicalEvent[], start: CanonicalEvent): void {
    this.started = true;
    events.push(start);
  }

  /** `[DONE]` or end of input: usage, then finish (or the error of a cut-off stream). */
  private complete(): CanonicalEvent[] {
    if (!this.sawFinish) {
      return this.fail(
        new GatewayError('upstream_unavailable', `${this.provider}: stream ended before the response finished`, {
          provider: this.provider,
        }),
      );
    }
    this.done = true;
    const events: CanonicalEvent[] = [];
    if (this.usage !== undefined) events.push({ type: 'usage', usage: this.usage });
    const reason = mapFinishReason(this.nativeFinish, this.toolCalls.count > 0);
    events.push({ type: 'finish', reason, native: this.nativeFinish });
    return events;
  }

  private fail(error: GatewayError): CanonicalEvent[] {
    this.done = true;
    const events: CanonicalEvent[] = [];
    if (this.usage !== undefined) events.push({ type: 'usage', usage: this.usage });
    events.push({ type: 'error', error });
    return events;
  }
}
