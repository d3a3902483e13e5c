import { exclusionFor, GatewayError, mergePreferences, requestNeeds, suggestIds, type HealthView, type ModelEntry, type RoutingPreferences } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { modelFacts, routerFacts } from '../catalog/model-facts.js';
import { parseModelQuery, type ModelQuery } from '../catalog/model-query.js';
import { selectModels, type Selection } from '../catalog/select-models.js';
import { routingDefaultsFor } from '../config/routing-config.js';
import { guardrailLayer } from '../guardrails/guardrail-layer.js';
import { authenticate } from '../middleware/authenticate.js';
import { presentModel, presentModelEndpoints } from '../presenters/model-presenter.js';
import { presentRouters } from '../presenters/router-presenter.js';

export function registerModelRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  const { catalog } = deps;
  const findModel = (author: string, slug: string) => {
    const id = `${author}/${slug}`;
    const model = catalog.get(id);
    if (model !== undefined) return model;
    const suggestions = suggestIds(id, catalog.models.map((m) => m.id));
    const hint = suggestions.length === 0 ? '' : ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`;
    throw new GatewayError('model_not_found', `Model ${id} not found.${hint}`, { metadata: { suggestions } });
  };

  api.get('/models', (c) => {
    const query = parseModelQuery(c.req.queries());
    const selection = selectModels(listing(deps, catalog.models, health(deps), true), query, nowSeconds(deps));
    return c.json(listResponse(c.req.url, query, selection));
  });
  api.get('/models/count', (c) => {
    const query: ModelQuery = { ...parseModelQuery(c.req.queries()), page: undefined };
    return c.json({ data: { count: selectModels(listing(deps, catalog.models, health(deps), true), query, nowSeconds(deps)).total } });
  });
  api.get('/models/user', async (c) => {
    const key = await authenticate(c, deps);
    const query = parseModelQuery(c.req.queries());
    const guardrails = await deps.guardrails.enforcer.admit(key);
    const preferences = mergePreferences([...routingDefaultsFor(deps.chat.routing, key).layers, ...guardrails.map(guardrailLayer)]);
    const stats = health(deps);
    const usable = catalog.models.filter((model) => userMayUse(model, preferences, stats));
    const selection = selectModels(listing(deps, usable, stats, false), query, nowSeconds(deps));
    return c.json(listResponse(c.req.url, query, selection));
  });
  api.get('/models/:author/:slug/endpoints', (c) => {
    const model = findModel(c.req.param('author'), c.req.param('slug'));
    return c.json({ data: presentModelEndpoints(model, deps.chat.executor.stats.view(deps.clock.now())) });
  });
  api.get('/model/:author/:slug', (c) => {
    const id = `${c.req.param('author')}/${c.req.param('slug')}`;
    const router = presentRouters(catalog, deps.chat.routing).find((entry) => entry.id === id);
    if (router !== undefined) return c.json({ data: router });
    const model = findModel(c.req.param('author'), c.req.param('slug'));
    return c.json({ data: presentModel(model) });
  });
}

/** An empty request: only the key's preference layers and guardrails decide, not a prompt's needs. */
const NO_NEEDS = requestNeeds({ messages: [{ role: 'user', content: '' }] });

/**
 * `GET /models/user`: a model stays when one of its endpoints passes the key's preference layers
 * (gateway, account, key) and guardrails (providers, models, ZDR, data collection). Health is not a
 * preference: an open circuit breaker does not hide a model.
 */
function userMayUse(model: ModelEntry, preferences: RoutingPreferences, health: HealthView): boolean {
  const choice = { model, requested: model.id, freeOnly: false, sort: undefined, thinking: false };
  return model.endpoints.some((endpoint) => {
    const exclusion = exclusionFor(endpoint, choice, { preferences, needs: NO_NEEDS, health });
    return exclusion === undefined || exclusion.reasons.every((reason) => reason === 'breaker_open');
  });
}

/**
 * The models (and, on `GET /models`, the routers) as listed, each with what the query filters read.
 * Filters run on the listed fields, so a price filter agrees with the price the client sees.
 */
function listing(deps: AppDeps, models: readonly ModelEntry[], health: HealthView, withRouters: boolean) {
  const listed = models.map((model) => {
    const item = presentModel(model);
    return { item, facts: modelFacts(model, item, health) };
  });
  if (!withRouters) return listed;
  return [...listed, ...presentRouters(deps.catalog, deps.chat.routing).map((item) => ({ item, facts: routerFacts(item) }))];
}

function health(deps: AppDeps): HealthView {
  return deps.chat.executor.stats.view(deps.clock.now());
}

function nowSeconds(deps: AppDeps): number {
  return Math.floor(deps.clock.now().getTime() / 1000);
}

/** `ModelsListResponse`: `links.next` repeats the request's query with the next page's offset. */
function listResponse<T>(requestUrl: string, query: ModelQuery, selection: Selection<T>) {
  let next: string | null = null;
  if (query.page !== undefined && selection.nextOffset !== undefined) {
    const url = new URL(requestUrl);
    url.searchParams.set('offset', String(selection.nextOffset));
    url.searchParams.set('limit', String(query.page.limit));
    next = `${url.pathname}${url.search}`;
  }
  return { data: selection.items, total_count: selection.total, links: { next } };
}
