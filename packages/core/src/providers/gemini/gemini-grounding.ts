import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import type { GeminiCandidateView, GeminiWebSource } from './gemini-api-types.js';

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Gemini grounding (`groundingMetadata`) → `url_citation` annotations. Chunks accumulate across the
 * responses of a stream, since supports index into every chunk seen so far. Each support becomes one
 * annotation per web chunk it cites, with `start_index`/`end_index` where its text stands in the answer
 * (character offsets into the message content; Gemini's own offsets count UTF-8 bytes within one part).
 * Web chunks that no support cites become plain annotations. Each (URL, span) is emitted once.
 */
export class GroundingCitations {
  private readonly chunks: (GeminiWebSource | undefined)[] = [];
  private readonly emitted = new Set<string>();
  private readonly citedUrls = new Set<string>();
  private cursor = 0;

  /** `answer` is the visible text so far, including this response's parts. */
  read(candidate: GeminiCandidateView, answer: string): CanonicalEvent[] {
    this.chunks.push(...candidate.groundingChunks);
    const events: CanonicalEvent[] = [];
    for (const support of candidate.groundingSupports) {
      const span = this.locate(support.text, answer);
      for (const index of support.chunkIndices) {
        const source = this.chunks[index];
        if (source !== undefined) this.emit(source, span, events);
      }
    }
    for (const source of candidate.groundingChunks) {
      if (source !== undefined && !this.citedUrls.has(source.url)) this.emit(source, undefined, events);
    }
    return events;
  }

  /** Where `text` stands in the answer: searched from the last support on, then from the start. */
  private locate(text: string | undefined, answer: string): Span | undefined {
    if (text === undefined || text === '') return undefined;
    let start = answer.indexOf(text, this.cursor);
    if (start < 0) start = answer.indexOf(text);
    if (start < 0) return undefined;
    this.cursor = start;
    return { start, end: start + text.length };
  }

  private emit(source: GeminiWebSource, span: Span | undefined, events: CanonicalEvent[]): void {
    const key = span === undefined ? source.url : `${source.url}\n${span.start}\n${span.end}`;
    if (this.emitted.has(key) || (span === undefined && this.citedUrls.has(source.url))) return;
    this.emitted.add(key);
    this.citedUrls.add(source.url);
    const citation = {
      url: source.url,
      ...(source.title === undefined ? {} : { title: source.title }),
      ...(span === undefined ? {} : { start_index: span.start, end_index: span.end }),
    };
    events.push({ type: 'annotation', annotation: { type: 'url_citation', url_citation: citation } });
  }
}
