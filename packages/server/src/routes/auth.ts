import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { readJsonBody } from '../http/read-json-body.js';
import { authenticate } from '../middleware/authenticate.js';
import { parseCodeRequest } from '../oauth/code-request.js';
import { registerConsentPage } from '../oauth/consent-handlers.js';
import { parseExchangeRequest } from '../oauth/exchange-request.js';

/**
 * OAuth PKCE (OpenRouter's `/auth/keys/code` and `/auth/keys`) on the API router, and the consent
 * page `/auth` on the root app (the SDK's `createAuthorizationUrl` resolves `/auth` against the origin).
 */
export function registerAuthRoutes(api: Hono<AppEnv>, root: Hono<AppEnv>, deps: AppDeps): void {
  api.post('/auth/keys/code', async (c) => {
    const approver = await authenticate(c, deps);
    const body = await readJsonBody(c.env.incoming, deps.bodyLimitBytes);
    const request = parseCodeRequest(body, { settings: deps.oauth.settings, now: deps.clock.now(), headlessAllowed: false });
    const issued = await deps.oauth.issueCode(approver, request);
    // Switchyard has no registered apps: app_id is always 0.
    return c.json({ data: { id: issued.code, app_id: 0, created_at: issued.record.createdAt.toISOString() } });
  });

  // No authentication: the code and its verifier are the credentials.
  api.post('/auth/keys', async (c) => {
    const body = await readJsonBody(c.env.incoming, deps.bodyLimitBytes);
    const exchanged = await deps.oauth.exchange(parseExchangeRequest(body));
    c.header('cache-control', 'no-store');
    return c.json({ key: exchanged.key, user_id: exchanged.record.accountId });
  });

  registerConsentPage(root, deps);
}
