import type { ReasoningFormat, WireUrlCitation } from '@switchyard/protocol';
import type { CanonicalEvent, FinishReason, UsagePatch } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asNumber, asRecord, asString } from '../../json.js';
import { mapStreamError } from '../openai-compatible/map-error.js';

/** The response object's id and model → `response-start`. */
export function responseStart(response: Record<string, unknown>): CanonicalEvent {
  const id = asString(response['id']);
  const model = asString(response['model']);
  const tier = asString(response['service_tier']);
  return {
    type: 'response-start',
    ...(id === undefined ? {} : { upstreamId: id }),
    ...(model === undefined ? {} : { upstreamModel: model }),
    ...(tier === undefined || tier === 'auto' ? {} : { serviceTier: tier }),
  };
}

/**
 * `usage`: input_tokens include cached and cache-write tokens, output_tokens include reasoning tokens
 * (as canonical). Cache writes are `input_tokens_details.cache_write_tokens` (OpenAI spec
 * `ResponseUsage`: "The number of input tokens that were written to the cache"; GPT-5.6+ bill them at
 * the endpoint's `input_cache_write` price).
 */
export function parseResponsesUsage(raw: unknown): UsagePatch | undefined {
  const usage = asRecord(raw);
  if (usage === undefined) return undefined;
  const patch: UsagePatch = {};
  const input = asNumber(usage['input_tokens']);
  const output = asNumber(usage['output_tokens']);
  const inputDetails = asRecord(usage['input_tokens_details']);
  const cached = asNumber(inputDetails?.['cached_tokens']);
  const cacheWrite = asNumber(inputDetails?.['cache_write_tokens']);
  const reasoning = asNumber(asRecord(usage['output_tokens_details'])?.['reasoning_tokens']);
  if (input !== undefined) patch.promptTokens = input;
  if (output !== undefined) patch.completionTokens = output;
  if (cached !== undefined) patch.cachedTokens = cached;
  if (cacheWrite !== undefined) patch.cacheWriteTokens = cacheWrite;
  if (reasoning !== undefined) patch.reasoningTokens = reasoning;
  return Object.keys(patch).length === 0 ? undefined : patch;
}

/**
 * The terminal response → finish: `completed` is `stop` (or `tool_calls` when functions were
 * called); `incomplete` for `max_output_tokens` is `length`, for `content_filter` `content_filter`.
 */
export function finishOf(response: Record<string, unknown>, sawToolCalls: boolean): CanonicalEvent {
  const status = asString(response['status']) ?? 'completed';
  if (status === 'incomplete') {
    const reason = asString(asRecord(response['incomplete_details'])?.['reason']) ?? 'incomplete';
    const mapped: FinishReason = reason === 'content_filter' ? 'content_filter' : reason === 'max_output_tokens' ? 'length' : 'stop';
    return { type: 'finish', reason: mapped, native: reason };
  }
  return { type: 'finish', reason: sawToolCalls ? 'tool_calls' : 'stop', native: status };
}

/**
 * `response.failed` (its `error`) or an `error` event → GatewayError (quota, context length, …).
 * The Responses error codes without an HTTP status get one here: `rate_limit_exceeded` is a rate
 * limit, the input-validation codes (`invalid_prompt`, `invalid_image…`, `empty_image_file`, …)
 * are rejections; anything else (`server_error`) stays a provider failure.
 */
export function responsesError(source: Record<string, unknown>, provider: string): GatewayError {
  const error = mapStreamError(source, provider);
  if (error.code !== 'upstream_unavailable') return error;
  const providerCode = error.options.providerCode ?? '';
  const code = providerCode === 'rate_limit_exceeded' ? 'upstream_rate_limited' : /^(invalid_|empty_|image_|unsupported_)/.test(providerCode) ? 'upstream_rejected' : undefined;
  return code === undefined ? error : new GatewayError(code, error.message, error.options);
}

/** A `url_citation` annotation, its offsets shifted by the text that preceded its content part. */
export function citationOf(raw: unknown, offset: number): CanonicalEvent | undefined {
  const annotation = asRecord(raw);
  if (annotation === undefined || annotation['type'] !== 'url_citation') return undefined;
  const url = asString(annotation['url']);
  if (url === undefined) return undefined;
  const citation: WireUrlCitation['url_citation'] = { url };
  const title = asString(annotation['title']);
  const start = asNumber(annotation['start_index']);
  const end = asNumber(annotation['end_index']);
  if (title !== undefined) citation.title = title;
  if (start !== undefined) citation.start_index = start + offset;
  if (end !== undefined) citation.end_index = end + offset;
  return { type: 'annotation', annotation: { type: 'url_citation', url_citation: citation } };
}

/** Allocates dense reasoning_details indexes and shapes the pieces of one response. */
export class ReasoningDetails {
  private next = 0;
  private readonly summaryIndex = new Map<string, number>();

  constructor(private readonly format: ReasoningFormat) {}

  /** A piece of summary `summaryIndex` of reasoning item `itemId`. */
  summary(itemId: string | undefined, summaryIndex: number, text: string): CanonicalEvent[] {
    const key = `${itemId ?? ''}#${summaryIndex}`;
    let index = this.summaryIndex.get(key);
    const events: CanonicalEvent[] = [];
    if (index === undefined) {
      index = this.next++;
      // Separate summary parts in the readable text like paragraphs.
      if (this.summaryIndex.size > 0) events.push({ type: 'reasoning-delta', delta: '\n\n' });
      this.summaryIndex.set(key, index);
    }
    const detail = { type: 'reasoning.summary' as const, summary: text, format: this.format, index, ...(itemId === undefined ? {} : { id: itemId }) };
    events.push({ type: 'reasoning-delta', delta: text, detail });
    return events;
  }

  /** Readable reasoning text (open-weight models' `reasoning_text` content). */
  text(itemId: string | undefined, text: string): CanonicalEvent {
    const key = `${itemId ?? ''}#text`;
    let index = this.summaryIndex.get(key);
    if (index === undefined) {
      index = this.next++;
      this.summaryIndex.set(key, index);
    }
    const detail = { type: 'reasoning.text' as const, text, format: this.format, index, ...(itemId === undefined ? {} : { id: itemId }) };
    return { type: 'reasoning-delta', delta: text, detail };
  }

  /** The encrypted reasoning of a finished reasoning item. */
  encrypted(itemId: string | undefined, data: string): CanonicalEvent {
    const detail = { type: 'reasoning.encrypted' as const, data, format: this.format, index: this.next++, ...(itemId === undefined ? {} : { id: itemId }) };
    return { type: 'reasoning-detail', detail };
  }
}
