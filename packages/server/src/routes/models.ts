import { exclusionFor, GatewayError, mergePreferences, requestNeeds, suggestIds, type HealthView, type ModelEntry, type RoutingPreferences } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { routingDefaultsFor } from '../config/routing-config.js';
import { guardrailLayer } from '../guardrails/guardrail-layer.js';
import { parseOffset } from '../keys/key-request.js';
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
    const data = [...catalog.models.map(presentModel), ...presentRouters(catalog, deps.chat.routing)];
    return c.json({ data, total_count: data.length, links: { next: null } });
  });
  api.get('/models/count', (c) => c.json({ data: { count: catalog.models.length + presentRouters(catalog, deps.chat.routing).length } }));
  api.get('/models/user', async (c) => {
    const key = await authenticate(c, deps);
    const offset = c.req.query('offset');
    const limit = c.req.query('limit');
    const guardrails = await deps.guardrails.enforcer.admit(key);
    const preferences = mergePreferences([...routingDefaultsFor(deps.chat.routing, key).layers, ...guardrails.map(guardrailLayer)]);
    const health = deps.chat.executor.stats.view(deps.clock.now());
    const usable = catalog.models.filter((model) => userMayUse(model, preferences, health)).map(presentModel);
    const whole = offset === undefined && limit === undefined;
    const start = whole ? 0 : parseOffset(offset);
    const data = whole ? usable : usable.slice(start, start + parseUserLimit(limit));
    return c.json({ data, total_count: usable.length, links: { next: null } });
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

function parseUserLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 500;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > 1000) {
    throw new GatewayError('invalid_request', 'limit: Expected an integer from 1 to 1000', { metadata: { field: 'limit' } });
  }
  return limit;
}
