import type { ReasoningDetail, ReasoningFormat, WireUrlCitation } from '@switchyard/protocol';
import type { CanonicalEvent, FinishReason, UsagePatch } from '../../canonical/canonical-event.js';
import { asArray, asNumber, asRecord, asString } from '../../json.js';

/** Pieces shared by the non-streaming parser and the stream decoder: one OpenAI-compatible body part → events. */

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** id/model/system_fingerprint/service_tier; undefined while a chunk carries neither id nor model (Azure's filter chunk). */
export function responseStart(chunk: Record<string, unknown>): CanonicalEvent | undefined {
  const upstreamId = nonEmpty(asString(chunk['id']));
  const upstreamModel = nonEmpty(asString(chunk['model']));
  if (upstreamId === undefined && upstreamModel === undefined) return undefined;
  const systemFingerprint = nonEmpty(asString(chunk['system_fingerprint']));
  const serviceTier = nonEmpty(asString(chunk['service_tier']));
  return {
    type: 'response-start',
    ...(upstreamId === undefined ? {} : { upstreamId }),
    ...(upstreamModel === undefined ? {} : { upstreamModel }),
    ...(systemFingerprint === undefined ? {} : { systemFingerprint }),
    ...(serviceTier === undefined ? {} : { serviceTier }),
  };
}

/** The choice the gateway serves: index 0 (the canonical stream carries one choice). */
export function firstChoice(chunk: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const raw of asArray(chunk['choices'])) {
    const choice = asRecord(raw);
    if (choice !== undefined && (asNumber(choice['index']) ?? 0) === 0) return choice;
  }
  return undefined;
}

/**
 * Usage in canonical terms. `prompt_tokens` already includes cache reads; cache reads come as
 * `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens` or Moonshot's top-level
 * `cached_tokens`. xAI counts reasoning outside `completion_tokens` (prompt + completion + reasoning
 * = total); then reasoning is added so that completion includes it, as everywhere else.
 */
export function parseUsage(raw: unknown): UsagePatch | undefined {
  const usage = asRecord(raw);
  if (usage === undefined) return undefined;
  const promptDetails = asRecord(usage['prompt_tokens_details']);
  const completionDetails = asRecord(usage['completion_tokens_details']);
  const prompt = asNumber(usage['prompt_tokens']);
  const completion = asNumber(usage['completion_tokens']);
  const reasoning = asNumber(completionDetails?.['reasoning_tokens']);
  const cached =
    asNumber(promptDetails?.['cached_tokens']) ??
    asNumber(usage['prompt_cache_hit_tokens']) ??
    asNumber(usage['cached_tokens']);
  const cacheWrite =
    asNumber(promptDetails?.['cache_write_tokens']) ?? asNumber(promptDetails?.['cache_creation_input_tokens']);
  const patch: UsagePatch = {};
  if (prompt !== undefined) patch.promptTokens = prompt;
  if (completion !== undefined) {
    const excluded = reasoningOutsideCompletion(prompt, completion, reasoning, asNumber(usage['total_tokens']));
    patch.completionTokens = excluded ? completion + (reasoning ?? 0) : completion;
  }
  if (cached !== undefined) patch.cachedTokens = cached;
  if (cacheWrite !== undefined) patch.cacheWriteTokens = cacheWrite;
  if (reasoning !== undefined) patch.reasoningTokens = reasoning;
  return Object.keys(patch).length === 0 ? undefined : patch;
}

function reasoningOutsideCompletion(
  prompt: number | undefined,
  completion: number,
  reasoning: number | undefined,
  total: number | undefined,
): boolean {
  if (prompt === undefined || reasoning === undefined || total === undefined || reasoning <= 0) return false;
  return prompt + completion !== total && prompt + completion + reasoning === total;
}

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  function_call: 'tool_calls',
  model_length: 'length',
  max_tokens: 'length',
  error: 'error',
};

/**
 * Unified finish reason. Unknown values become `stop` (the native value is kept beside it).
 * OpenRouter's guidance (OPENROUTER_API.md §10 #11): when tool calls were emitted, a `stop`
 * becomes `tool_calls`, so agent loops keep going.
 */
export function mapFinishReason(native: string | undefined, hadToolCalls: boolean): FinishReason {
  const unified = (native === undefined ? undefined : FINISH_REASONS[native]) ?? 'stop';
  return unified === 'stop' && hadToolCalls ? 'tool_calls' : unified;
}

const DETAIL_TYPES: ReadonlySet<string> = new Set(['reasoning.text', 'reasoning.summary', 'reasoning.encrypted']);
const DETAIL_FORMATS: ReadonlySet<string> = new Set([
  'unknown',
  'openai-responses-v1',
  'azure-openai-responses-v1',
  'xai-responses-v1',
  'anthropic-claude-v1',
  'google-gemini-v1',
]);

/** An upstream `reasoning_details` entry (already OpenRouter-shaped); other detail types are skipped. */
function parseDetail(raw: unknown): ReasoningDetail | undefined {
  const record = asRecord(raw);
  const type = asString(record?.['type']);
  if (record === undefined || type === undefined || !DETAIL_TYPES.has(type)) return undefined;
  const format = asString(record['format']);
  const detail: ReasoningDetail = {
    type: type as ReasoningDetail['type'],
    format: format !== undefined && DETAIL_FORMATS.has(format) ? (format as ReasoningFormat) : 'unknown',
    index: asNumber(record['index']) ?? 0,
  };
  for (const key of ['text', 'summary', 'data'] as const) {
    const value = asString(record[key]);
    if (value !== undefined) detail[key] = value;
  }
  for (const key of ['signature', 'id'] as const) {
    const value = record[key];
    if (typeof value === 'string' || value === null) detail[key] = value;
  }
  return detail;
}

/** Reasoning of one delta or message: upstream `reasoning_details` pass through; plain text gets a `reasoning.text` detail. */
function reasoningEvents(source: Record<string, unknown>): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  let carriedText = false;
  for (const raw of asArray(source['reasoning_details'])) {
    const detail = parseDetail(raw);
    if (detail === undefined) continue;
    const readable = detail.text ?? detail.summary;
    if (readable !== undefined && readable !== '' && detail.type !== 'reasoning.encrypted') {
      events.push({ type: 'reasoning-delta', delta: readable, detail });
      carriedText = true;
    } else {
      events.push({ type: 'reasoning-detail', detail });
    }
  }
  const text = nonEmpty(asString(source['reasoning_content'])) ?? nonEmpty(asString(source['reasoning']));
  if (text !== undefined && !carriedText) events.push(reasoningText(text));
  return events;
}

function reasoningText(text: string): CanonicalEvent {
  return { type: 'reasoning-delta', delta: text, detail: { type: 'reasoning.text', text, format: 'unknown', index: 0 } };
}

/** `content` as a string, or Mistral's parts (`text`, and `thinking` holding text parts). */
function contentEvents(content: unknown): CanonicalEvent[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text-delta', delta: content }];
  const events: CanonicalEvent[] = [];
  for (const raw of asArray(content)) {
    const part = asRecord(raw);
    const type = asString(part?.['type']);
    if (type === 'text') {
      const text = nonEmpty(asString(part?.['text']));
      if (text !== undefined) events.push({ type: 'text-delta', delta: text });
    } else if (type === 'thinking') {
      const thinking = asArray(part?.['thinking'])
        .map((piece) => asString(asRecord(piece)?.['text']) ?? '')
        .join('');
      if (thinking !== '') events.push(reasoningText(thinking));
    }
  }
  return events;
}

/** OpenAI `annotations` (url_citation, nested or flattened) → annotation events. */
function annotationEvents(raw: unknown): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const item of asArray(raw)) {
    const record = asRecord(item);
    if (record === undefined || record['type'] !== 'url_citation') continue;
    const citation = asRecord(record['url_citation']) ?? record;
    const url = asString(citation['url']);
    if (url === undefined) continue;
    events.push({ type: 'annotation', annotation: urlCitation(url, citation) });
  }
  return events;
}

function urlCitation(url: string, source: Record<string, unknown>): WireUrlCitation {
  const out: WireUrlCitation['url_citation'] = { url };
  const title = asString(source['title']);
  const content = asString(source['content']);
  const start = asNumber(source['start_index']);
  const end = asNumber(source['end_index']);
  if (title !== undefined) out.title = title;
  if (content !== undefined) out.content = content;
  if (start !== undefined) out.start_index = start;
  if (end !== undefined) out.end_index = end;
  return { type: 'url_citation', url_citation: out };
}

/** Everything but tool calls in one delta (stream) or message (JSON), in reading order. */
export function messageEvents(source: Record<string, unknown>): CanonicalEvent[] {
  const events = [...reasoningEvents(source), ...contentEvents(source['content'])];
  const refusal = nonEmpty(asString(source['refusal']));
  if (refusal !== undefined) events.push({ type: 'refusal-delta', delta: refusal });
  events.push(...annotationEvents(source['annotations']));
  return events;
}

/** Perplexity's top-level `search_results` (with titles) or `citations` (URLs) → annotations. */
export function citationEvents(chunk: Record<string, unknown>): CanonicalEvent[] {
  const results = asArray(chunk['search_results']).flatMap((raw) => {
    const result = asRecord(raw);
    const url = asString(result?.['url']);
    return result === undefined || url === undefined ? [] : [urlCitation(url, { title: result['title'] })];
  });
  const citations =
    results.length > 0
      ? results
      : asArray(chunk['citations']).flatMap((url) => (typeof url === 'string' ? [urlCitation(url, {})] : []));
  return citations.map((annotation) => ({ type: 'annotation', annotation }));
}
