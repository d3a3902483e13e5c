/** Pieces shared by the JSON parser and the stream decoder: usage, citations, tool-call arguments. */
import type { CanonicalEvent, UsagePatch } from '../../canonical/canonical-event.js';
import type { CohereCitationView, CohereUsageView } from './cohere-api-types.js';

/**
 * Cohere usage → canonical usage. Cohere reports two tallies: `tokens` (everything the model read and
 * wrote, e.g. 507 prompt tokens, most of them Cohere's own prompt template) and `billed_units` (what
 * Cohere charges, e.g. 12). Decision: the usage the client sees (prompt_tokens, completion_tokens)
 * and the cost both come from `billed_units` when it is present — that is what the provider charges
 * and what a user reconciles with Cohere's invoice — and from `tokens` when it is absent. Billed
 * units have no cache breakdown and `cached_tokens` counts in `tokens` (448 cached next to 12
 * billed in the recordings), so it is reported only with `tokens`: next to billed units it would
 * exceed the prompt count and be priced a second time. Cohere reports no reasoning-token count.
 */
export function usagePatch(usage: CohereUsageView | undefined): UsagePatch | undefined {
  const counts = usage?.billed ?? usage?.tokens;
  if (usage === undefined || counts === undefined) return undefined;
  const patch: UsagePatch = { promptTokens: counts.inputTokens ?? 0, completionTokens: counts.outputTokens ?? 0 };
  if (usage.billed === undefined && usage.cachedTokens !== undefined) patch.cachedTokens = usage.cachedTokens;
  return patch;
}

/**
 * A citation → `url_citation` annotations, one per cited source that has an http(s) URL (web
 * results, documents given with a `url`), deduplicated by URL across the answer via `seen`.
 * Citations of documents or tool results without a URL have no OpenAI form and are not emitted.
 */
export function citationAnnotations(citation: CohereCitationView, seen: Set<string>): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const source of citation.sources) {
    if (seen.has(source.url)) continue;
    seen.add(source.url);
    const url_citation = {
      url: source.url,
      ...(source.title === undefined ? {} : { title: source.title }),
      ...(citation.text === undefined ? {} : { content: citation.text }),
      ...(citation.start === undefined ? {} : { start_index: citation.start }),
      ...(citation.end === undefined ? {} : { end_index: citation.end }),
    };
    events.push({ type: 'annotation', annotation: { type: 'url_citation', url_citation } });
  }
  return events;
}

/** Cohere answers `null` (or nothing) as the arguments of a call to a tool without parameters: OpenAI clients expect an object. */
export function normalizeArguments(args: string | undefined): string {
  const text = args?.trim() ?? '';
  return text === '' || text === 'null' ? '{}' : (args ?? '{}');
}
