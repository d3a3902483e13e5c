/** What the edge knows about a response before any content: identity fields of every chunk. */
export interface ResponseMeta {
  /** Generation id, "gen-…". */
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  /** The catalog model id that served, e.g. "anthropic/claude-sonnet-4". */
  readonly model: string;
  /** Provider display name, e.g. "Anthropic". */
  readonly provider: string;
  readonly systemFingerprint: string | undefined;
  readonly serviceTier: string | undefined;
}
