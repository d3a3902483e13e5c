import type { Endpoint } from '../../catalog/catalog.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { HealthView } from '../../ports/endpoint-stats.js';
import { exclusionFor, supportsSoftParameters, unsupportedParameters, type Exclusion, type FilterContext } from './filters.js';
import type { ModelChoice } from './model-variants.js';
import { applyPreferredThresholds } from './preferred-thresholds.js';
import { providerIndex } from './provider-match.js';
import type { RoutingPreferences, SortKey } from './preferences.js';
import type { RequestNeeds } from './request-needs.js';
import { loadBalance, orderByList, sortEndpoints } from './strategy.js';

export interface RouteInput {
  /** The models to try, in order (the primary, then `models` fallbacks or a router's picks). */
  readonly models: readonly ModelChoice[];
  readonly preferences: RoutingPreferences;
  readonly needs: RequestNeeds;
}

/** `default` (load balancing), `order`, or `sort:<key>`; the primary model's when models differ. */
export type RouteStrategy = 'default' | 'order' | `sort:${SortKey}`;

export interface RoutePlan {
  /** The endpoints to try, in order (empty: nothing can serve the request). */
  readonly endpoints: readonly Endpoint[];
  readonly excluded: readonly Exclusion[];
  readonly strategy: RouteStrategy;
}

interface Partition {
  readonly ordered: Endpoint[];
  readonly cut: Endpoint[];
  readonly strategy: RouteStrategy;
}

/**
 * The routing policy: (models, preferences, request needs, health) → the ordered endpoints and
 * every excluded endpoint with its reasons. Pure and deterministic given `random`.
 */
export function planRoute(input: RouteInput, health: HealthView, random: () => number): RoutePlan {
  const { preferences } = input;
  const context: FilterContext = { preferences, needs: input.needs, health };
  const excluded: Exclusion[] = [];
  const groups = input.models.map((choice) => ({ choice, eligible: asRequested(choice, eligible(choice, context, excluded)) }));
  const partitions: Partition[] =
    preferences.sort?.partition === 'none' && preferences.order === undefined
      ? [orderPartition(groups.flatMap((group) => group.eligible), preferences.sort.by, preferences, health, random)]
      : groups.map((group) => orderPartition(group.eligible, group.choice.sort ?? preferences.sort?.by, preferences, health, random));
  for (const endpoint of partitions.flatMap((partition) => partition.cut)) excluded.push(cutByAllowFallbacks(endpoint));
  const ordered = applyPreferredThresholds(partitions.flatMap((partition) => partition.ordered), preferences, health);
  // The same model requested twice (e.g. with and without a variant) is tried once.
  const endpoints = ordered.filter((endpoint, index) => ordered.findIndex((other) => other.id === endpoint.id) === index);
  return { endpoints, excluded, strategy: partitions[0]?.strategy ?? 'default' };
}

/**
 * The model's endpoints that pass the hard filters; then OpenRouter's soft preference: when some of
 * them support the request's tools / response_format / verbosity, only those are kept (the model
 * itself is never removed by it).
 */
function eligible(choice: ModelChoice, context: FilterContext, excluded: Exclusion[]): Endpoint[] {
  const kept: Endpoint[] = [];
  const { order, allowFallbacks } = context.preferences;
  for (const endpoint of choice.model.endpoints) {
    const exclusion = exclusionFor(endpoint, choice, context);
    if (exclusion !== undefined) excluded.push(exclusion);
    // order + allow_fallbacks false: the listed providers are the only ones allowed (before the soft preference).
    else if (order !== undefined && !allowFallbacks && providerIndex(order, endpoint) < 0) excluded.push(cutByAllowFallbacks(endpoint));
    else kept.push(endpoint);
  }
  const preferred = kept.filter((endpoint) => supportsSoftParameters(endpoint, context.needs));
  if (preferred.length === 0 || preferred.length === kept.length) return kept;
  for (const endpoint of kept) {
    if (preferred.includes(endpoint)) continue;
    const unsupported = unsupportedParameters(endpoint, context.needs);
    excluded.push({ model: endpoint.modelId, provider: endpoint.providerId, endpoint: endpoint.id, reasons: ['require_parameters'], unsupported });
  }
  return preferred;
}

/**
 * A `:free` request is served and recorded under the free variant's id (`author/slug:free`), as
 * OpenRouter names its free models in responses; the endpoint id (stats, breaker) is unchanged.
 */
function asRequested(choice: ModelChoice, endpoints: Endpoint[]): Endpoint[] {
  if (!choice.freeOnly || choice.model.id.endsWith(':free')) return endpoints;
  return endpoints.map((endpoint) => ({ ...endpoint, modelId: `${endpoint.modelId}:free` }));
}

function cutByAllowFallbacks(endpoint: Endpoint): Exclusion {
  return { model: endpoint.modelId, provider: endpoint.providerId, endpoint: endpoint.id, reasons: ['allow_fallbacks'] };
}

function orderPartition(
  endpoints: readonly Endpoint[],
  sort: SortKey | undefined,
  preferences: RoutingPreferences,
  health: HealthView,
  random: () => number,
): Partition {
  if (preferences.order !== undefined) {
    // Without fallbacks, `eligible` already removed the unlisted providers.
    const { listed, others } = orderByList(endpoints, preferences.order, sort, health);
    return { ordered: [...listed, ...others], cut: [], strategy: 'order' };
  }
  const ordered = sort === undefined ? loadBalance(endpoints, health, random) : sortEndpoints(endpoints, sort, health);
  const strategy: RouteStrategy = sort === undefined ? 'default' : `sort:${sort}`;
  if (preferences.allowFallbacks) return { ordered, cut: [], strategy };
  return { ordered: ordered.slice(0, 1), cut: ordered.slice(1), strategy };
}

/**
 * 503 `no_route` when the plan is empty: `metadata.excluded` lists every candidate endpoint with
 * the reasons it was left out, so the caller can fix their preferences.
 */
export function noRouteError(input: RouteInput, plan: RoutePlan): GatewayError {
  const models = input.models.map((choice) => choice.requested);
  const summary = plan.excluded
    .slice(0, 8)
    .map((entry) => `${entry.provider} for ${entry.model} (${entry.reasons.join(', ')})`)
    .join('; ');
  const more = plan.excluded.length > 8 ? `; and ${plan.excluded.length - 8} more` : '';
  const excluded = plan.excluded.map(({ model, provider, reasons, unsupported }) =>
    unsupported === undefined ? { model, provider, reasons } : { model, provider, reasons, unsupported },
  );
  return new GatewayError(
    'no_route',
    `No endpoint of ${models.join(', ')} can serve this request with the routing preferences in effect: ${summary}${more}.`,
    { metadata: { requested_models: models, excluded } },
  );
}
