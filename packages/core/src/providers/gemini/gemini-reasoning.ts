import type { ReasoningEffort } from '@switchyard/protocol';
import { EFFORT_RATIO, type ResolvedReasoning } from '../shared/reasoning.js';
import type { GeminiThinkingConfig, GeminiThinkingLevel } from './gemini-api-types.js';
import { lowestThinkingLevel, nearestThinkingLevel, thinkingLevelsFor } from './gemini-thinking-levels.js';

/** `reasoning_details[].format` for everything this adapter emits. */
export const GEMINI_REASONING_FORMAT = 'google-gemini-v1';

/** Gemini 2.5's output limit, the base for effort → budget when neither the request nor the catalog gives one. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 65_536;

type Effort = Exclude<ReasoningEffort, 'none'>;

/** "models/gemini-2.5-pro" or "publishers/google/models/gemini-3-pro-preview" → "gemini-3-pro-preview". */
export function modelBaseName(model: string): string {
  return (model.split('/').at(-1) ?? model).toLowerCase();
}

/** Gemini 3 and later take `thinkingLevel`; 2.5 takes `thinkingBudget`. */
export function usesThinkingLevel(model: string): boolean {
  const match = /^gemini-(\d+)/.exec(modelBaseName(model));
  return match !== null && Number(match[1]) >= 3;
}

function isPro(model: string): boolean {
  return /-pro\b/.test(modelBaseName(model));
}

/** Gemini 3+: the effort → the nearest level this model accepts (gemini-thinking-levels.ts). */
function thinkingLevel(effort: Effort, model: string): GeminiThinkingLevel {
  return nearestThinkingLevel(effort, thinkingLevelsFor(modelBaseName(model)));
}

/** Gemini 2.5 budget ranges: Pro 128–32768 (cannot turn off), Flash-Lite 512–24576, Flash 1–24576. */
function budgetRange(model: string): { min: number; max: number } {
  if (isPro(model)) return { min: 128, max: 32_768 };
  if (modelBaseName(model).includes('flash-lite')) return { min: 512, max: 24_576 };
  return { min: 1, max: 24_576 };
}

/**
 * OpenRouter's `reasoning` → Gemini `thinkingConfig`. undefined when the request says nothing (model default).
 * Gemini 3: effort → thinkingLevel, max_tokens → thinkingBudget. Gemini 2.5: max_tokens, or effort × the
 * output limit, → thinkingBudget. Off → budget 0 (2.5 Pro: its minimum). Gemini 3+ has no off switch, so
 * off is the model's lowest level (MINIMAL where accepted, else LOW), as OpenRouter maps `none`.
 */
export function thinkingConfigFor(
  reasoning: ResolvedReasoning | undefined,
  model: string,
  maxOutputTokens: number | undefined,
): GeminiThinkingConfig | undefined {
  if (reasoning === undefined || reasoning.enabled === undefined) return undefined;
  const level = usesThinkingLevel(model);
  if (!reasoning.enabled) {
    if (level) return { thinkingLevel: lowestThinkingLevel(thinkingLevelsFor(modelBaseName(model))) };
    return { thinkingBudget: isPro(model) ? budgetRange(model).min : 0 };
  }
  const config: GeminiThinkingConfig = reasoning.exclude ? {} : { includeThoughts: true };
  if (reasoning.maxTokens !== undefined) {
    config.thinkingBudget = reasoning.maxTokens;
  } else if (reasoning.effort !== undefined) {
    if (level) config.thinkingLevel = thinkingLevel(reasoning.effort, model);
    else config.thinkingBudget = effortBudget(reasoning.effort, model, maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS);
  }
  return config;
}

function effortBudget(effort: Effort, model: string, maxOutputTokens: number): number {
  const { min, max } = budgetRange(model);
  return Math.min(Math.max(Math.floor(maxOutputTokens * EFFORT_RATIO[effort]), min), max);
}
