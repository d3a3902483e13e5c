/**
 * What each Claude model accepts, as data. The adapter picks the request form per model from this
 * table (first matching row wins; a row matches when the upstream model name contains one of its
 * names followed by the end or a non-digit, so dated ids, Bedrock `anthropic.…-v1` and Vertex `…@date`
 * ids match too). Unknown and older models get DEFAULT_TRAITS, the form every model accepts.
 * Sources: Anthropic's structured-outputs and adaptive-thinking docs (Bedrock and Vertex mirror them), and
 * each model's "What's new" page for forced tool use.
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
  /**
   * Whether `tool_choice` `{type: "any"}` / `{type: "tool"}` is accepted. false: Anthropic answers 400
   * ("Forced tool use returns an error"), so a forced choice is refused by the gateway
   * (anthropic-tool-choice.ts) and the forced answer tool is never used (such models have native
   * structured outputs).
   */
  readonly forcedToolChoice: boolean;
  /**
   * What "reasoning off" (`effort: "none"`, `enabled: false`) sends:
   * - `omit`: no `thinking` field (the model's default);
   * - `between_tools`: `thinking: {type: "between_tools"}`, Sonnet 5.5's lowest setting ("send
   *   between_tools instead of disabled": `disabled` answers 400);
   * - `lowest-effort`: thinking cannot be turned off, so adaptive thinking at effort `low` (OpenRouter maps
   *   `none` on such models to the lowest level).
   */
  readonly thinkingOff: 'omit' | 'between_tools' | 'lowest-effort';
}

interface ModelRow extends AnthropicModelTraits {
  readonly models: readonly string[];
}

export const DEFAULT_TRAITS: AnthropicModelTraits = { structuredOutputs: false, thinking: 'budget', forcedToolChoice: true, thinkingOff: 'omit' };

export const ANTHROPIC_MODEL_TABLE: readonly ModelRow[] = [
  // "Forced tool use returns an error": platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5 and
  // …/opus-5-5/whats-new-opus-5-5 ("The first three also apply on Claude Fable 5.1", with "Thinking can't be
  // disabled"); Fable 5.2 and Mythos 5.2 list no change to either from 5.1 and "adaptive thinking is always
  // on" (…/fable-5-2/whats-new-fable-5-2). Haiku 5.5 and Sonnet/Opus 5 accept forced tool use.
  {
    models: ['claude-sonnet-5-5'],
    structuredOutputs: true,
    thinking: 'adaptive-only',
    forcedToolChoice: false,
    thinkingOff: 'between_tools',
  },
  {
    models: ['claude-opus-5-5', 'claude-fable-5-1', 'claude-fable-5-2', 'claude-mythos-5-2'],
    structuredOutputs: true,
    thinking: 'adaptive-only',
    forcedToolChoice: false,
    thinkingOff: 'lowest-effort',
  },
  {
    models: ['claude-opus-4-7', 'claude-mythos', 'claude-fable', 'claude-opus-5', 'claude-sonnet-5', 'claude-haiku-5'],
    structuredOutputs: true,
    thinking: 'adaptive-only',
    forcedToolChoice: true,
    thinkingOff: 'omit',
  },
  { models: ['claude-opus-4-6', 'claude-sonnet-4-6'], structuredOutputs: true, thinking: 'adaptive', forcedToolChoice: true, thinkingOff: 'omit' },
  {
    models: ['claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'],
    structuredOutputs: true,
    thinking: 'budget',
    forcedToolChoice: true,
    thinkingOff: 'omit',
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
  if (row === undefined) return DEFAULT_TRAITS;
  const { models: _models, ...traits } = row;
  return traits;
}
