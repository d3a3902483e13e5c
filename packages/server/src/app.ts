import { errorHeaders, GatewayError, toErrorBody } from '@switchyard/core';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './app-types.js';
import { registerAccountRoutes } from './routes/account.js';
import { registerActivityRoutes } from './routes/activity.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerByokRoutes } from './routes/byok.js';
import { registerChatRoutes } from './routes/chat-completions.js';
import { registerCreditRoutes } from './routes/credits.js';
import { registerGuardrailRoutes } from './routes/guardrails.js';
import { registerKeyRoutes } from './routes/keys.js';
import { registerModelRoutes } from './routes/models.js';
import { registerOrganizationRoutes } from './routes/organizations.js';
import { registerProviderRoutes } from './routes/providers.js';

/** The HTTP surface: `/api/v1/*`, with `/v1/*` as an alias for OpenAI-style clients. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  registerChatRoutes(api, deps);
  registerModelRoutes(api, deps);
  registerProviderRoutes(api, deps);
  registerAccountRoutes(api, deps);
  registerCreditRoutes(api, deps);
  registerKeyRoutes(api, deps);
  registerGuardrailRoutes(api, deps);
  registerByokRoutes(api, deps);
  registerActivityRoutes(api, deps);
  registerOrganizationRoutes(api, deps);

  const app = new Hono<AppEnv>();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  registerAuthRoutes(api, app, deps);
  app.route('/api/v1', api);
  app.route('/v1', api);
  app.notFound((c) => {
    const error = new GatewayError('not_found', `No route for ${c.req.method} ${c.req.path}`);
    return c.json(toErrorBody(error), 404);
  });
  app.onError((err, c) => {
    const error = GatewayError.from(err);
    if (error.code === 'internal') deps.logger.error('request failed', { path: c.req.path, error: err });
    else deps.logger.debug('request rejected', { path: c.req.path, code: error.code, status: error.status });
    return c.json(toErrorBody(error), error.status as 400, errorHeaders(error));
  });
  return app;
}
