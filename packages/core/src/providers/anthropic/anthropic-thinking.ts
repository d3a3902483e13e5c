import type { ChatCompletionRequest, ReasoningEffort } from '@switchyard/protocol';
import { budgetFromEffort, effortFromBudget, requestedMaxTokens, resolveReasoning } from '../shared/reasoning.js';
import type { AnthropicAdaptiveThinking, AnthropicEffort, AnthropicThinkingConfig } from './anthropic-api-types.js';
import { DEFAULT_TRAITS, type AnthropicModelTraits } from './anthropic-models.js';

/** Used when neither the request nor the catalog gives an output limit (Anthropic requires max_tokens). */
export const DEFAULT_MAX_TOKENS = 4096;
/** Anthropic's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

export interface ThinkingPlan {
  readonly maxTokens: number;
  readonly thinking: AnthropicThinkingConfig | undefined;
}

/** A plan that may use adaptive thinking, with `output_config.effort`. */
export interface AnthropicThinkingPlan {
  readonly maxTokens: number;
  readonly thinking: AnthropicThinkingConfig | AnthropicAdaptiveThinking | undefined;
  readonly effort?: AnthropicEffort;
}

/** OpenRouter efforts → Anthropic's low|medium|high|max. */
const EFFORTS: Readonly<Record<Exclude<ReasoningEffort, 'none'>, AnthropicEffort>> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'max',
  max: 'max',
};

/**
 * `max_tokens` and the extended-thinking config for a request.
 * - max_tokens = the request's max_completion_tokens / max_tokens, else the catalog limit, else 4096;
 * - reasoning on → budget = reasoning.max_tokens, else budgetFromEffort(effort, max_tokens), at least 1024;
 * - Anthropic requires max_tokens > budget_tokens: when it is not, max_tokens is raised to budget + the
 *   requested limit (so the requested amount stays available for the visible answer), capped at the
 *   catalog limit; if the cap still leaves no room, the budget shrinks to the "high" share of the cap.
 * - reasoning off or not asked for → no `thinking` field (the model's default: no thinking).
 */
export function planThinking(request: ChatCompletionRequest, catalogMaxTokens: number | undefined): ThinkingPlan {
  const requested = requestedMaxTokens(request) ?? catalogMaxTokens ?? DEFAULT_MAX_TOKENS;
  const reasoning = resolveReasoning(request);
  if (reasoning === undefined || !reasoning.enabled) return { maxTokens: requested, thinking: undefined };
  let budget = Math.max(MIN_THINKING_BUDGET, reasoning.maxTokens ?? budgetFromEffort(reasoning.effort ?? 'medium', requested));
  let maxTokens = requested;
  if (maxTokens <= budget) {
    maxTokens = budget + requested;
    if (catalogMaxTokens !== undefined && maxTokens > catalogMaxTokens) maxTokens = catalogMaxTokens;
    if (maxTokens <= budget) budget = budgetFromEffort('high', maxTokens);
  }
  return { maxTokens, thinking: { type: 'enabled', budget_tokens: budget } };
}

/**
 * planThinking for a given model: adaptive thinking on `adaptive-only` models, and on `adaptive` models
 * unless a budget (reasoning.max_tokens) was asked for; budget thinking otherwise. Reasoning off follows
 * the model's `thinkingOff` trait.
 */
export function planAnthropicThinking(
  request: ChatCompletionRequest,
  catalogMaxTokens: number | undefined,
  traits: AnthropicModelTraits = DEFAULT_TRAITS,
): AnthropicThinkingPlan {
  const reasoning = resolveReasoning(request);
  if (reasoning?.enabled === false && traits.thinkingOff !== 'omit') return offPlan(request, catalogMaxTokens, traits.thinkingOff);
  const adaptive = traits.thinking === 'adaptive-only' || (traits.thinking === 'adaptive' && reasoning?.maxTokens === undefined);
  if (reasoning?.enabled !== true || !adaptive) return planThinking(request, catalogMaxTokens);
  const requested = requestedMaxTokens(request) ?? catalogMaxTokens ?? DEFAULT_MAX_TOKENS;
  return adaptivePlan(request, reasoning.maxTokens, requested);
}

/**
 * Adaptive thinking (Claude 4.6+): the model decides how much to think; an explicit effort goes to
 * `output_config.effort` (Anthropic's default is high), a budget on an adaptive-only model becomes the
 * nearest effort. No effort asked for → none sent.
 */
function adaptivePlan(request: ChatCompletionRequest, budget: number | undefined, maxTokens: number): AnthropicThinkingPlan {
  const asked = request.reasoning?.effort ?? request.reasoning_effort ?? undefined;
  const effort = asked !== undefined && asked !== 'none' ? asked : budget === undefined ? undefined : effortFromBudget(budget, maxTokens);
  return { maxTokens, thinking: { type: 'adaptive' }, ...(effort === undefined ? {} : { effort: EFFORTS[effort] }) };
}

/** Reasoning off on a model that needs a field for it (anthropic-models.ts `thinkingOff`). */
function offPlan(
  request: ChatCompletionRequest,
  catalogMaxTokens: number | undefined,
  off: 'between_tools' | 'lowest-effort',
): AnthropicThinkingPlan {
  const maxTokens = requestedMaxTokens(request) ?? catalogMaxTokens ?? DEFAULT_MAX_TOKENS;
  return off === 'between_tools' ? { maxTokens, thinking: { type: 'between_tools' } } : { maxTokens, thinking: { type: 'adaptive' }, effort: 'low' };
}
