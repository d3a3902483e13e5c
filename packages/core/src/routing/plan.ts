import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { Catalog } from '../catalog/catalog.js';
import type { HealthView } from '../ports/endpoint-stats.js';
import { resolveReasoning } from '../providers/shared/reasoning.js';
import { autoSettings } from './policy/auto-settings.js';
import { resolveModelChoice, type ModelChoice } from './policy/model-variants.js';
import { invalidField, parseProviderPreferences } from './policy/parse-preferences.js';
import { checkPlugins } from './policy/plugins.js';
import { noRouteError, planRoute, type RouteInput, type RoutePlan } from './policy/plan-route.js';
import { mergePreferences, type ProviderPreferences } from './policy/preferences.js';
import { requestNeeds, type RequestNeeds } from './policy/request-needs.js';
import { AUTO_ROUTER, autoRoute, FREE_ROUTER, freeRoute, type AutoCandidate } from './policy/routers.js';

/** Routing settings from configuration that apply to one request. */
export interface RoutingDefaults {
  /** Preference layers below the request's own, lowest priority first (account defaults, key overrides). */
  readonly layers: readonly ProviderPreferences[];
  /** `openrouter/auto` candidates; undefined: every catalog model. */
  readonly autoCandidates: readonly AutoCandidate[] | undefined;
}

export const NO_ROUTING_DEFAULTS: RoutingDefaults = { layers: [], autoCandidates: undefined };

export interface ChatRoute {
  /** The request to send (`:thinking` turns reasoning on). */
  readonly request: ChatCompletionRequest;
  readonly input: RouteInput;
  readonly plan: RoutePlan;
}

/**
 * Step 3 of a chat request: `[model, ...models]` (with variants and the `openrouter/auto` and
 * `openrouter/free` routers) and the merged `provider` preferences → the ordered endpoints. 400 for
 * a bad `provider`, `route` or variant; 404 for an unknown model; 503 `no_route` with
 * `metadata.excluded` when every endpoint was filtered out.
 */
export function planChat(
  request: ChatCompletionRequest,
  catalog: Catalog,
  defaults: RoutingDefaults,
  health: HealthView,
  random: () => number,
): ChatRoute {
  if (request.route != null && request.route !== 'fallback') throw invalidField('route', 'expected "fallback"');
  const requestPreferences = parseProviderPreferences(request.provider);
  checkPlugins(request);
  const entries = requestedEntries(request);
  const direct = entries.map(({ id, field }) => (isRouter(id) ? undefined : resolveModelChoice(id, catalog, field)));
  const thinking = direct.some((choice) => choice?.thinking === true);
  const routed = thinking ? withReasoning(request, entries.find((_, i) => direct[i]?.thinking)?.field ?? 'model') : request;
  const needs = requestNeeds(routed);
  const models = entries.flatMap(({ id }, i): ModelChoice[] => {
    const choice = direct[i];
    return choice === undefined ? expandRouter(id, catalog, defaults, needs, random) : [choice];
  });
  const input: RouteInput = { models, preferences: mergePreferences([...defaults.layers, requestPreferences]), needs };
  const plan = planRoute(input, health, random);
  if (plan.endpoints.length === 0) throw noRouteError(input, plan);
  return { request: routed, input, plan };
}

function isRouter(id: string): boolean {
  return id === AUTO_ROUTER || id === FREE_ROUTER;
}

function expandRouter(id: string, catalog: Catalog, defaults: RoutingDefaults, needs: RequestNeeds, random: () => number): ModelChoice[] {
  if (id === FREE_ROUTER) return freeRoute(catalog, needs, random);
  return autoRoute(defaults.autoCandidates, catalog, needs, autoSettings(needs.request));
}

/** `[model, ...models]` without duplicates, with the field each came from (for 400 messages). */
function requestedEntries(request: ChatCompletionRequest): { id: string; field: string }[] {
  const entries: { id: string; field: string }[] = [];
  const add = (id: string, field: string) => {
    if (!entries.some((entry) => entry.id === id)) entries.push({ id, field });
  };
  if (request.model !== undefined) add(request.model, 'model');
  (request.models ?? []).forEach((id, index) => add(id, `models[${index}]`));
  return entries;
}

/** `:thinking`: reasoning on, unless the request already configures it (a request that turns it off is a 400). */
function withReasoning(request: ChatCompletionRequest, field: string): ChatCompletionRequest {
  const reasoning = resolveReasoning(request);
  if (reasoning?.enabled === false) throw invalidField(field, '":thinking" asks for reasoning, but the request turns reasoning off');
  if (reasoning?.enabled === true) return request;
  return { ...request, reasoning: { ...request.reasoning, enabled: true } };
}
