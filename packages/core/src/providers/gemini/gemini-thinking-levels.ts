import type { ReasoningEffort } from '@switchyard/protocol';
import type { GeminiThinkingLevel } from './gemini-api-types.js';

/**
 * Which `thinkingLevel` values each Gemini 3+ model accepts, as data (like the Anthropic model traits
 * table). A row matches when the model's base name starts with one of its names followed by the end
 * or `-` (so `gemini-3-flash-preview` and `gemini-4-argon-cyber-permissive` match, while
 * `gemini-3-flash` does not match `gemini-3.1-…`); the first matching row wins. Levels are lowest
 * first. Sources (Google's model pages and developer guides, ai.google.dev and
 * docs.cloud.google.com, read 2026-11-29):
 * - Gemini 3 Pro: LOW, HIGH;
 * - Gemini 3 Flash, 3.1 Flash-Lite, 3.5 Flash, 3.5 Flash-Lite: MINIMAL, LOW, MEDIUM, HIGH (3.5 Flash
 *   developer guide table; 3.5 Flash-Lite model page: "defaults to minimal thinking");
 * - Gemini 3.1 Pro, 3.7 Flash, 3.8 Flash: LOW, MEDIUM, HIGH (3.8 Flash developer guide table);
 * - Gemini 4 Argon: "tunable thinking levels (low, medium, high)", no off switch (latest-model guide,
 *   Vertex developer guide).
 * Other Gemini 3+ models get DEFAULT_THINKING_LEVELS: every current model but 3 Pro takes those three,
 * and MINIMAL is sent only where a row says the model takes it (the newer Flash models answer 400).
 */
interface LevelRow {
  readonly models: readonly string[];
  readonly levels: readonly GeminiThinkingLevel[];
}

export const DEFAULT_THINKING_LEVELS: readonly GeminiThinkingLevel[] = ['LOW', 'MEDIUM', 'HIGH'];

export const GEMINI_THINKING_LEVELS: readonly LevelRow[] = [
  { models: ['gemini-3-pro'], levels: ['LOW', 'HIGH'] },
  {
    models: ['gemini-3-flash', 'gemini-3.1-flash-lite', 'gemini-3.5-flash', 'gemini-3.5-flash-lite'],
    levels: ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'],
  },
  { models: ['gemini-3.1-pro', 'gemini-3.7-flash', 'gemini-3.8-flash', 'gemini-4-argon'], levels: ['LOW', 'MEDIUM', 'HIGH'] },
];

/** Every level, lowest first: the scale on which "nearest" is measured. */
const SCALE: readonly GeminiThinkingLevel[] = ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];

/** OpenRouter efforts on Gemini's scale (`xhigh`/`max` → `HIGH`, as OpenRouter maps them). */
const WANTED: Readonly<Record<Exclude<ReasoningEffort, 'none'>, GeminiThinkingLevel>> = {
  minimal: 'MINIMAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  xhigh: 'HIGH',
  max: 'HIGH',
};

function startsWithName(base: string, name: string): boolean {
  if (!base.startsWith(name)) return false;
  const next = base.charAt(name.length);
  return next === '' || next === '-';
}

/** The levels a Gemini 3+ model (base name, lower case) accepts, lowest first. */
export function thinkingLevelsFor(base: string): readonly GeminiThinkingLevel[] {
  const row = GEMINI_THINKING_LEVELS.find((candidate) => candidate.models.some((name) => startsWithName(base, name)));
  return row?.levels ?? DEFAULT_THINKING_LEVELS;
}

/**
 * The accepted level nearest to the effort (OpenRouter's rule: an unsupported effort maps to the nearest
 * supported one); on a tie the higher one, so `medium` on LOW/HIGH is HIGH.
 */
export function nearestThinkingLevel(effort: Exclude<ReasoningEffort, 'none'>, levels: readonly GeminiThinkingLevel[]): GeminiThinkingLevel {
  const wanted = SCALE.indexOf(WANTED[effort]);
  let best = levels[0] ?? 'HIGH';
  for (const level of levels) {
    const distance = Math.abs(SCALE.indexOf(level) - wanted);
    const bestDistance = Math.abs(SCALE.indexOf(best) - wanted);
    if (distance < bestDistance || (distance === bestDistance && SCALE.indexOf(level) > SCALE.indexOf(best))) best = level;
  }
  return best;
}

/** The lowest accepted level: what "reasoning off" becomes on a model whose thinking cannot be turned off. */
export function lowestThinkingLevel(levels: readonly GeminiThinkingLevel[]): GeminiThinkingLevel {
  return levels[0] ?? 'LOW';
}
