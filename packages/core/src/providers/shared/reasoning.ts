import type { ChatCompletionRequest, ReasoningEffort } from '@switchyard/protocol';

/** The request's reasoning wishes, merged from `reasoning`, `reasoning_effort` and legacy `include_reasoning`. */
export interface ResolvedReasoning {
  /**
   * true: reason (with `effort` or `maxTokens`). false: the caller turned reasoning off
   * (`effort: "none"` or `enabled: false`). undefined: keep the provider's default — only
   * `exclude` was asked for (legacy `include_reasoning: false`).
   */
  readonly enabled: boolean | undefined;
  readonly effort: Exclude<ReasoningEffort, 'none'> | undefined;
  readonly maxTokens: number | undefined;
  /** Reason, but leave the reasoning out of the response. */
  readonly exclude: boolean;
}

/** undefined when the request says nothing about reasoning (the provider's default applies). */
export function resolveReasoning(request: ChatCompletionRequest): ResolvedReasoning | undefined {
  const config = request.reasoning ?? undefined;
  const effort = config?.effort ?? request.reasoning_effort ?? undefined;
  const include = request.include_reasoning ?? undefined;
  if (config === undefined && effort === undefined) {
    if (include === undefined) return undefined;
    // Legacy `include_reasoning`: true turns reasoning on; false alone only hides it.
    return include
      ? { enabled: true, effort: 'medium', maxTokens: undefined, exclude: false }
      : { enabled: undefined, effort: undefined, maxTokens: undefined, exclude: true };
  }
  const exclude = config?.exclude === true || include === false;
  if (effort === 'none' || config?.enabled === false) {
    return { enabled: false, effort: undefined, maxTokens: undefined, exclude };
  }
  const maxTokens = config?.max_tokens ?? undefined;
  return { enabled: true, effort: effort ?? (maxTokens === undefined ? 'medium' : undefined), maxTokens, exclude };
}

/** OpenRouter's effort → share of max_tokens, for models that take a token budget. */
export const EFFORT_RATIO: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  max: 0.95,
  xhigh: 0.95,
  high: 0.8,
  medium: 0.5,
  low: 0.2,
  minimal: 0.1,
};

/** A reasoning token budget from an effort and the output limit (Anthropic's rule, per OpenRouter). */
export function budgetFromEffort(effort: Exclude<ReasoningEffort, 'none'>, maxTokens: number): number {
  return Math.max(Math.min(Math.floor(maxTokens * EFFORT_RATIO[effort]), 128_000), 1024);
}

/** The nearest effort for a token budget, for models that take only an effort. */
export function effortFromBudget(budget: number, maxTokens: number): Exclude<ReasoningEffort, 'none'> {
  const ratio = maxTokens > 0 ? budget / maxTokens : 1;
  if (ratio >= 0.8) return 'high';
  if (ratio >= 0.5) return 'medium';
  if (ratio >= 0.2) return 'low';
  return 'minimal';
}

/** `max_completion_tokens` wins over the deprecated `max_tokens`. */
export function requestedMaxTokens(request: ChatCompletionRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}
