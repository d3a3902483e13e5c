import type { Catalog, Endpoint, ModelEntry } from '../../catalog/catalog.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { matchesModelPattern, type AutoSettings } from './auto-settings.js';
import { isFree } from './filters.js';
import type { ModelChoice } from './model-variants.js';
import type { RequestNeeds } from './request-needs.js';

export const AUTO_ROUTER = 'openrouter/auto';
export const FREE_ROUTER = 'openrouter/free';

/**
 * One model `openrouter/auto` may pick, with optional rules (all given rules must hold).
 * `tools`/`images`: true = only for requests that use them, false = only for requests that don't.
 */
export interface AutoCandidate {
  readonly model: string;
  readonly minPromptTokens?: number;
  readonly maxPromptTokens?: number;
  readonly tools?: boolean;
  readonly images?: boolean;
}

/** Completion tokens assumed for the cost estimate when the request sets no `max_tokens`. */
const ASSUMED_COMPLETION_TOKENS = 1024n;

/** Why a model could not be picked by a router. */
export interface Rejection {
  readonly model: string;
  readonly reasons: readonly string[];
}

/** What the model cannot do for this request (catalog capabilities; `endpoints` may be narrowed, e.g. to free ones). */
function capabilityGaps(model: ModelEntry, endpoints: readonly Endpoint[], needs: RequestNeeds): string[] {
  const gaps: string[] = [];
  if (endpoints.length === 0) gaps.push('not_free');
  if (needs.images && !model.inputModalities.includes('image')) gaps.push('images');
  if (needs.tools && !endpoints.some((e) => e.supportedParameters.has('tools'))) gaps.push('tools');
  if (needs.jsonSchema && !endpoints.some((e) => e.supportedParameters.has('structured_outputs'))) gaps.push('structured_outputs');
  const needed = needs.promptTokens + (needs.maxOutputTokens ?? 0);
  if (!endpoints.some((e) => e.contextLength >= needed)) gaps.push('context_length');
  return gaps;
}

function ruleGaps(candidate: AutoCandidate, needs: RequestNeeds, settings: AutoSettings): string[] {
  const gaps: string[] = [];
  const { allowed, excluded } = settings;
  if (allowed !== undefined && !allowed.some((p) => matchesModelPattern(candidate.model, p))) gaps.push('allowed_models');
  if (excluded?.some((p) => matchesModelPattern(candidate.model, p)) === true) gaps.push('excluded_models');
  if (candidate.minPromptTokens !== undefined && needs.promptTokens < candidate.minPromptTokens) gaps.push('rule:min_prompt_tokens');
  if (candidate.maxPromptTokens !== undefined && needs.promptTokens > candidate.maxPromptTokens) gaps.push('rule:max_prompt_tokens');
  if (candidate.tools !== undefined && candidate.tools !== needs.tools) gaps.push('rule:tools');
  if (candidate.images !== undefined && candidate.images !== needs.images) gaps.push('rule:images');
  return gaps;
}

/** The cheapest endpoint's cost for this request, in picodollars (prompt estimate + max_tokens or 1024). */
function estimatedCost(endpoints: readonly Endpoint[], needs: RequestNeeds): bigint {
  const prompt = BigInt(needs.promptTokens);
  const completion = needs.maxOutputTokens === undefined ? ASSUMED_COMPLETION_TOKENS : BigInt(needs.maxOutputTokens);
  const costs = endpoints.map((e) => e.pricing.prompt * prompt + e.pricing.completion * completion + e.pricing.request);
  return costs.reduce((min, cost) => (cost < min ? cost : min), costs[0] ?? 0n);
}

function choice(model: ModelEntry, freeOnly: boolean): ModelChoice {
  return { model, requested: model.id, freeOnly, sort: undefined, thinking: false };
}

function noModel(router: string, rejected: readonly Rejection[]): GatewayError {
  const summary = rejected.map((r) => `${r.model} (${r.reasons.join(', ')})`).join('; ');
  return new GatewayError('no_route', `${router}: no candidate model can serve this request: ${summary || 'no candidates'}.`, {
    metadata: { router, rejected },
  });
}

/**
 * `openrouter/auto`: the candidates (configured, or every catalog model) whose rules match, that
 * the request's `auto-router` plugin allows, and that can serve the request (images, tools, JSON
 * schema, context), cheapest estimated cost first; the first is the pick, the rest are its
 * fallbacks. Ties keep the configured order.
 */
export function autoRoute(
  candidates: readonly AutoCandidate[] | undefined,
  catalog: Catalog,
  needs: RequestNeeds,
  settings: AutoSettings = {},
): ModelChoice[] {
  const list = candidates ?? catalog.models.map((model) => ({ model: model.id }));
  const rejected: Rejection[] = [];
  const picks: { model: ModelEntry; cost: bigint }[] = [];
  for (const candidate of list) {
    const model = catalog.get(candidate.model);
    if (model === undefined) {
      rejected.push({ model: candidate.model, reasons: ['not_in_catalog'] });
      continue;
    }
    const reasons = [...ruleGaps(candidate, needs, settings), ...capabilityGaps(model, model.endpoints, needs)];
    if (reasons.length > 0) rejected.push({ model: model.id, reasons });
    else picks.push({ model, cost: estimatedCost(model.endpoints, needs) });
  }
  if (picks.length === 0) throw noModel(AUTO_ROUTER, rejected);
  picks.sort((a, b) => (a.cost < b.cost ? -1 : a.cost > b.cost ? 1 : 0));
  return picks.map((pick) => choice(pick.model, false));
}

/**
 * `openrouter/free`: the models with free endpoints that can serve the request (images, tools,
 * JSON schema, context), in random order (OpenRouter picks one at random; the others become
 * fallbacks). Only free endpoints are used.
 */
export function freeRoute(catalog: Catalog, needs: RequestNeeds, random: () => number): ModelChoice[] {
  const rejected: Rejection[] = [];
  const picks: ModelEntry[] = [];
  for (const model of catalog.models) {
    const free = model.endpoints.filter(isFree);
    if (free.length === 0) continue;
    const reasons = capabilityGaps(model, free, needs);
    if (reasons.length > 0) rejected.push({ model: model.id, reasons });
    else picks.push(model);
  }
  if (picks.length === 0) throw noModel(FREE_ROUTER, rejected);
  for (let i = picks.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [picks[i], picks[j]] = [picks[j] as ModelEntry, picks[i] as ModelEntry];
  }
  return picks.map((model) => choice(model, true));
}
