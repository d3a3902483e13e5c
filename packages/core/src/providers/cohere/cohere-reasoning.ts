import type { ReasoningDetail } from '@switchyard/protocol';
import { budgetFromEffort, type ResolvedReasoning } from '../shared/reasoning.js';
import type { CohereThinking } from './cohere-api-types.js';

/**
 * `reasoning_details[].format` of what this adapter emits. OpenRouter's spec has no Cohere format,
 * so Cohere's readable reasoning is `unknown`: thinking as `reasoning.text`, the tool plan as
 * `reasoning.summary` (so the next turn can send each back where it came from).
 */
export const COHERE_REASONING_FORMAT = 'unknown';

/** Command A Reasoning's output limit, the base for effort → budget when nothing else gives one. */
export const DEFAULT_REASONING_OUTPUT = 32_000;

/** Cohere's reasoning models (command-a-reasoning-08-2025, …) take `thinking` and return thinking content. */
export function isCohereReasoningModel(model: string): boolean {
  return /reasoning/i.test(model);
}

export function thinkingDetail(text: string, index: number): ReasoningDetail {
  return { type: 'reasoning.text', text, format: COHERE_REASONING_FORMAT, index };
}

export function toolPlanDetail(text: string, index: number): ReasoningDetail {
  return { type: 'reasoning.summary', summary: text, format: COHERE_REASONING_FORMAT, index };
}

/**
 * The request's reasoning → Cohere `thinking`, for reasoning models only (others reject it).
 * Off → `disabled`; a token budget → `token_budget` (kept below max_tokens); an effort → a budget
 * share of the output limit (OpenRouter's ratios), except `max`/`xhigh`, which leave it unlimited
 * as Cohere recommends. Nothing asked → undefined (Cohere's default: thinking on, unlimited).
 */
export function thinkingFor(
  reasoning: ResolvedReasoning | undefined,
  model: string,
  requestedMaxTokens: number | undefined,
  catalogMaxTokens: number | undefined,
): CohereThinking | undefined {
  if (reasoning === undefined || reasoning.enabled === undefined || !isCohereReasoningModel(model)) return undefined;
  if (!reasoning.enabled) return { type: 'disabled' };
  let budget = reasoning.maxTokens;
  if (budget === undefined && reasoning.effort !== undefined && reasoning.effort !== 'max' && reasoning.effort !== 'xhigh') {
    budget = budgetFromEffort(reasoning.effort, requestedMaxTokens ?? catalogMaxTokens ?? DEFAULT_REASONING_OUTPUT);
  }
  if (budget === undefined) return { type: 'enabled' };
  if (requestedMaxTokens !== undefined && budget >= requestedMaxTokens) budget = Math.max(1, requestedMaxTokens - 1);
  return { type: 'enabled', token_budget: Math.max(1, budget) };
}
