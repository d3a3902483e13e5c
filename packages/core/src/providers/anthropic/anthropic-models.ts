/**
 * What each Claude model accepts, as data. The adapter picks the request form per model from this
 * table (first matching row wins; a row matches when the upstream model name contains one of its
 * names followed by the end or a non-digit, so dated ids, Bedrock `anthropic.…-v1` and Vertex `…@date`
 * ids match too). Unknown and older models get DEFAULT_TRAITS, the form every model accepts.
 * Sources: Anthropic's structured-outputs and adaptive-thinking docs (Bedrock and Vertex mirror them).
 */
export interface AnthropicModelTraits {
  /** Native structured outputs (`output_config.format`, strict tools); otherwise json_schema is a forced tool call. */
  readonly structuredOutputs: boolean;
  /**
   * - `budget`: `thinking: {type: "enabled", budget_tokens}` only;
   * - `adaptive`: `thinking: {type: "adaptive"}` + `output_config.effort`, budgets still accepted (deprecated);
   * - `adaptive-only`: budgets answer 400, so a requested budget becomes an effort.
   */
  readonly thinking: 'budget' | 'adaptive' | 'adaptive-only';
}

interface ModelRow extends AnthropicModelTraits {
  readonly models: readonly string[];
}

export const DEFAULT_TRAITS: AnthropicModelTraits = { structuredOutputs: false, thinking: 'budget' };

export const ANTHROPIC_MODEL_TABLE: readonly ModelRow[] = [
  {
    models: ['claude-opus-4-7', 'claude-mythos', 'claude-fable', 'claude-opus-5', 'claude-sonnet-5', 'claude-haiku-5'],
    structuredOutputs: true,
    thinking: 'adaptive-only',
  },
  { models: ['claude-opus-4-6', 'claude-sonnet-4-6'], structuredOutputs: true, thinking: 'adaptive' },
  {
    models: ['claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'],
    structuredOutputs: true,
    thinking: 'budget',
  },
];

function matches(upstreamModel: string, name: string): boolean {
  const at = upstreamModel.indexOf(name);
  if (at < 0) return false;
  const next = upstreamModel.charAt(at + name.length);
  return next === '' || !/\d/.test(next);
}

export function anthropicModelTraits(upstreamModel: string): AnthropicModelTraits {
  const model = upstreamModel.toLowerCase();
  const row = ANTHROPIC_MODEL_TABLE.find((candidate) => candidate.models.some((name) => matches(model, name)));
  return row === undefined ? DEFAULT_TRAITS : { structuredOutputs: row.structuredOutputs, thinking: row.thinking };
}
