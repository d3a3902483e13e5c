import type { ChatCompletionChunk, WireDelta, WireErrorObject, WireFinishReason, WireUsage } from '@switchyard/protocol';
import type { CanonicalEvent } from '../canonical/canonical-event.js';
import type { ResponseMeta } from './response-meta.js';

/** Canonical events → OpenAI/OpenRouter `chat.completion.chunk` objects for one response. */
export class ChunkEncoder {
  private roleSent = false;
  private prefix: { fingerprint: string | undefined; json: string } | undefined;

  constructor(private readonly meta: ResponseMeta) {}

  /** The chunk for a content event, or undefined for events that have no chunk of their own. */
  encode(event: CanonicalEvent): ChatCompletionChunk | undefined {
    const delta = this.deltaFor(event);
    if (delta === undefined) return undefined;
    return this.chunk(this.withRole(delta), null, null);
  }

  /**
   * `JSON.stringify(encode(event))`, built without the chunk object: the fields shared by every
   * chunk of the response are serialised once. This is the per-token hot path of streaming.
   */
  encodeJson(event: CanonicalEvent): string | undefined {
    const delta = this.deltaFor(event);
    if (delta === undefined) return undefined;
    const fields = JSON.stringify(this.withRole(delta));
    return `${this.sharedPrefix()}"choices":[{"index":0,"delta":${fields},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}`;
  }

  private sharedPrefix(): string {
    const fingerprint = this.meta.systemFingerprint;
    if (this.prefix?.fingerprint !== fingerprint || this.prefix === undefined) {
      const base = JSON.stringify(this.base());
      this.prefix = { fingerprint, json: `${base.slice(0, -1)},` };
    }
    return this.prefix.json;
  }

  finish(reason: WireFinishReason, native: string | undefined): ChatCompletionChunk {
    return this.chunk(this.withRole({ content: '' }), reason, native ?? null);
  }

  /** The last chunk before [DONE]: usage with `choices: []`. */
  usage(usage: WireUsage): ChatCompletionChunk {
    return { ...this.base(), choices: [], usage };
  }

  /** A mid-stream failure: top-level `error` and a terminal choice with finish_reason "error". */
  error(error: WireErrorObject): ChatCompletionChunk {
    return { ...this.chunk(this.withRole({ content: '' }), 'error', null), error };
  }

  private deltaFor(event: CanonicalEvent): WireDelta | undefined {
    switch (event.type) {
      case 'text-delta':
        return { content: event.delta };
      case 'reasoning-delta':
        return event.detail === undefined
          ? { content: '', reasoning: event.delta }
          : { content: '', reasoning: event.delta, reasoning_details: [event.detail] };
      case 'reasoning-detail':
        return { content: '', reasoning: null, reasoning_details: [event.detail] };
      case 'refusal-delta':
        return { content: '', refusal: event.delta };
      case 'tool-call-delta':
        return { content: null, tool_calls: [toolCallDelta(event)] };
      case 'annotation':
        return { content: '', annotations: [event.annotation] };
      default:
        return undefined;
    }
  }

  private withRole(delta: WireDelta): WireDelta {
    if (this.roleSent) return delta;
    this.roleSent = true;
    return { role: 'assistant', ...delta };
  }

  private base(): Omit<ChatCompletionChunk, 'choices'> {
    const { meta } = this;
    const chunk: Omit<ChatCompletionChunk, 'choices'> = {
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      provider: meta.provider,
    };
    if (meta.systemFingerprint !== undefined) chunk.system_fingerprint = meta.systemFingerprint;
    return chunk;
  }

  private chunk(delta: WireDelta, finish: WireFinishReason | null, native: string | null): ChatCompletionChunk {
    return {
      ...this.base(),
      choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: native, logprobs: null }],
    };
  }
}

function toolCallDelta(event: Extract<CanonicalEvent, { type: 'tool-call-delta' }>) {
  const call: NonNullable<WireDelta['tool_calls']>[number] = {
    index: event.index,
    function: { arguments: event.argumentsDelta },
  };
  if (event.id !== undefined) {
    call.id = event.id;
    call.type = 'function';
  }
  if (event.name !== undefined) call.function.name = event.name;
  return call;
}
