import { GatewayError, suggestIds } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
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
