import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { presentEndpoint } from '../presenters/model-presenter.js';
import { presentProvider } from '../presenters/provider-presenter.js';

/** `GET /providers` (the enabled providers and their policies) and `GET /endpoints/zdr`. */
export function registerProviderRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  api.get('/providers', (c) => c.json({ data: [...deps.providers.values()].map(presentProvider) }));
  api.get('/endpoints/zdr', (c) => {
    const health = deps.chat.executor.stats.view(deps.clock.now());
    const data = deps.catalog.models.flatMap((model) =>
      model.endpoints.filter((endpoint) => endpoint.dataPolicy.zdr).map((endpoint) => presentEndpoint(model, endpoint, health.get(endpoint.id))),
    );
    return c.json({ data });
  });
}
