import type { ZdrModelGroup } from '../../ports/guardrails.js';
import type { ModelChoice } from './model-variants.js';
import type { RoutingPreferences } from './preferences.js';

/** Model authors with a ZDR group of their own (OpenRouter's `enforce_zdr_<group>`); any other author is `other`. */
const AUTHOR_GROUPS: Readonly<Record<string, ZdrModelGroup>> = { anthropic: 'anthropic', openai: 'openai', google: 'google', 'x-ai': 'xai' };

/** The ZDR model group of a model id (`anthropic/claude-…` → `anthropic`, `x-ai/grok-…` → `xai`). */
export function zdrModelGroup(modelId: string): ZdrModelGroup {
  const author = modelId.slice(0, Math.max(0, modelId.indexOf('/'))).toLowerCase();
  return AUTHOR_GROUPS[author] ?? 'other';
}

/**
 * Whether a guardrail's model list entry names the chosen model: its id or canonical slug,
 * case-insensitively. Variants that only steer routing (`:nitro`, `:floor`, `:thinking`) are the
 * same model; `x:free` in a list admits only the free variant, while `x` admits every variant.
 */
export function modelListed(list: readonly string[], choice: ModelChoice): boolean {
  const names = [choice.model.id, choice.model.canonicalSlug].map((name) => name.toLowerCase());
  if (choice.freeOnly && !choice.model.id.endsWith(':free')) names.push(...names.map((name) => `${name}:free`));
  return list.some((entry) => names.includes(entry.toLowerCase()));
}

/** Why the model itself is excluded: not on every `allowedModels` list, or on `ignoredModels`. */
export function modelReasons(choice: ModelChoice, preferences: RoutingPreferences): ('allowed_models' | 'ignored_model')[] {
  const reasons: ('allowed_models' | 'ignored_model')[] = [];
  if (preferences.allowedModels.some((list) => !modelListed(list, choice))) reasons.push('allowed_models');
  if (preferences.ignoredModels.length > 0 && modelListed(preferences.ignoredModels, choice)) reasons.push('ignored_model');
  return reasons;
}

/** Whether only ZDR endpoints may serve this model: `zdr` for every model, or its group listed. */
export function requiresZdr(choice: ModelChoice, preferences: RoutingPreferences): boolean {
  return preferences.zdr || preferences.zdrModelGroups.includes(zdrModelGroup(choice.model.id));
}
