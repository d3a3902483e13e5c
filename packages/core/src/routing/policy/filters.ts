import type { Endpoint } from '../../catalog/catalog.js';
import type { HealthView } from '../../ports/endpoint-stats.js';
import { filterUnsupportedParameters } from '../filter-parameters.js';
import { modelReasons, requiresZdr } from './model-filter.js';
import type { ModelChoice } from './model-variants.js';
import type { MaxPrice, RoutingPreferences } from './preferences.js';
import { providerIndex } from './provider-match.js';
import type { RequestNeeds } from './request-needs.js';

/**
 * Why an endpoint was not used. The first group is OpenRouter's `excluded_by` vocabulary; the rest
 * are Switchyard's: `ignored_provider` (`ignore`), `breaker_open` (circuit breaker), `not_free`
 * (`:free`, `openrouter/free`), `max_tokens` (output limit below the requested `max_tokens`),
 * `allow_fallbacks` (not a listed/first-choice provider while `allow_fallbacks` is false),
 * `allowed_models` / `ignored_model` (a guardrail's model lists).
 */
export type ExclusionReason =
  | 'data_policy:zdr'
  | 'data_policy:training'
  | 'max_price'
  | 'context_length'
  | 'require_parameters'
  | 'quantization'
  | 'allowed_providers'
  | 'ignored_provider'
  | 'breaker_open'
  | 'not_free'
  | 'max_tokens'
  | 'allow_fallbacks'
  | 'allowed_models'
  | 'ignored_model';

/** One endpoint that will not be tried, and why (all reasons, so a user can fix every one). */
export interface Exclusion {
  readonly model: string;
  readonly provider: string;
  readonly endpoint: string;
  readonly reasons: readonly ExclusionReason[];
  /** With `require_parameters`: the request's parameters this endpoint does not support. */
  readonly unsupported?: readonly string[];
}

export interface FilterContext {
  readonly preferences: RoutingPreferences;
  readonly needs: RequestNeeds;
  readonly health: HealthView;
}

/** Parameters that steer routing even without `require_parameters` (OpenRouter's soft preference). */
const SOFT_PARAMETERS = new Set(['tools', 'tool_choice', 'response_format', 'verbosity']);

/** The parameters of the request this endpoint would drop. */
export function unsupportedParameters(endpoint: Endpoint, needs: RequestNeeds): readonly string[] {
  return filterUnsupportedParameters(needs.request, endpoint.supportedParameters).dropped;
}

/** Whether the endpoint supports the softly preferred parameters the request uses. */
export function supportsSoftParameters(endpoint: Endpoint, needs: RequestNeeds): boolean {
  return !unsupportedParameters(endpoint, needs).some((name) => SOFT_PARAMETERS.has(name));
}

/** The hard filters: every reason this endpoint cannot serve the request (undefined: it can). */
export function exclusionFor(endpoint: Endpoint, choice: ModelChoice, context: FilterContext): Exclusion | undefined {
  const { preferences, needs } = context;
  const reasons = [
    ...modelReasons(choice, preferences),
    ...preferenceReasons(endpoint, preferences, requiresZdr(choice, preferences)),
    ...limitReasons(endpoint, choice, needs),
  ];
  let unsupported: readonly string[] = [];
  if (preferences.requireParameters || choice.thinking) {
    const dropped = unsupportedParameters(endpoint, needs);
    unsupported = preferences.requireParameters ? dropped : dropped.filter((name) => name === 'reasoning');
    if (unsupported.length > 0) reasons.push('require_parameters');
  }
  if (context.health.get(endpoint.id).breaker === 'open') reasons.push('breaker_open');
  if (reasons.length === 0) return undefined;
  const exclusion = { model: endpoint.modelId, provider: endpoint.providerId, endpoint: endpoint.id, reasons };
  return unsupported.length === 0 ? exclusion : { ...exclusion, unsupported };
}

/** only / ignore / zdr / data_collection / quantizations / max_price. */
function preferenceReasons(endpoint: Endpoint, preferences: RoutingPreferences, zdr: boolean): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  if (preferences.only.some((list) => providerIndex(list, endpoint) < 0)) reasons.push('allowed_providers');
  if (providerIndex(preferences.ignore, endpoint) >= 0) reasons.push('ignored_provider');
  if (zdr && !endpoint.dataPolicy.zdr) reasons.push('data_policy:zdr');
  if (preferences.dataCollection === 'deny' && (endpoint.dataPolicy.training || endpoint.dataPolicy.retainsPrompts)) {
    reasons.push('data_policy:training');
  }
  if (preferences.quantizations !== undefined && !quantizationAllowed(endpoint.quantization, preferences.quantizations)) {
    reasons.push('quantization');
  }
  if (exceedsMaxPrice(endpoint, preferences.maxPrice)) reasons.push('max_price');
  return reasons;
}

/** :free, context length (estimated prompt + max_tokens), output limit. */
function limitReasons(endpoint: Endpoint, choice: ModelChoice, needs: RequestNeeds): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  if (choice.freeOnly && !isFree(endpoint)) reasons.push('not_free');
  if (needs.promptTokens + (needs.maxOutputTokens ?? 0) > endpoint.contextLength) reasons.push('context_length');
  const maxOut = endpoint.maxCompletionTokens;
  if (maxOut !== null && needs.maxOutputTokens !== undefined && needs.maxOutputTokens > maxOut) reasons.push('max_tokens');
  return reasons;
}

/** Free: no prompt, completion or per-request price. */
export function isFree(endpoint: Endpoint): boolean {
  const { prompt, completion, request } = endpoint.pricing;
  return prompt === 0n && completion === 0n && request === 0n;
}

const MILLION = 1_000_000n;

function exceedsMaxPrice(endpoint: Endpoint, max: MaxPrice): boolean {
  const { pricing } = endpoint;
  return (
    (max.prompt !== undefined && pricing.prompt * MILLION > max.prompt) ||
    (max.completion !== undefined && pricing.completion * MILLION > max.completion) ||
    (max.request !== undefined && pricing.request > max.request) ||
    (max.image !== undefined && pricing.image > max.image)
  );
}

/** `fp4` also covers mxfp4 and nvfp4, `fp8` also mxfp8 (OpenRouter); an endpoint without one is `unknown`. */
function quantizationAllowed(quantization: string | null, allowed: readonly string[]): boolean {
  const q = (quantization ?? 'unknown').toLowerCase();
  return allowed.some((a) => a === q || (a === 'fp4' && (q === 'mxfp4' || q === 'nvfp4')) || (a === 'fp8' && q === 'mxfp8'));
}
