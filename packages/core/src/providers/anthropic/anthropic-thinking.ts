import type { ChatCompletionRequest } from '@switchyard/protocol';
import { budgetFromEffort, requestedMaxTokens, resolveReasoning } from '../shared/reasoning.js';
import type { AnthropicThinkingConfig } from './anthropic-api-types.js';

/** Used when neither the request nor the catalog gives an output limit (Anthropic requires max_tokens). */
export const DEFAULT_MAX_TOKENS = 4096;
/** Anthropic's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

export interface ThinkingPlan {
  readonly maxTokens: number;
  readonly thinking: AnthropicThinkingConfig | undefined;
}

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
