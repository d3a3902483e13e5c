import { GatewayError } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { presentByok } from '../byok/byok-presenter.js';
import { parseCreateByokRequest, parseUpdateByokRequest } from '../byok/byok-request.js';
import { readJsonBody } from '../http/read-json-body.js';
import { parseOffset } from '../keys/key-request.js';
import { authenticateManagement } from '../middleware/authenticate.js';

const PAGE_SIZE = 100;

/**
 * `/byok`: a management (provisioning) key stores (one per provider: a second POST for a provider
 * replaces its key), lists, reads, updates and deletes its account's own provider keys. The secret
 * goes in (create, or `key` on update to rotate it) and never comes out: answers carry only a
 * masked `label`.
 */
export function registerByokRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  api.get('/byok', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const offset = parseOffset(c.req.query('offset'));
    const limit = parseLimit(c.req.query('limit'));
    const page = await deps.byok.list(caller.accountId, { offset, limit }, c.req.query('provider'));
    return c.json({ data: page.items.map(presentByok), total_count: page.total });
  });

  api.post('/byok', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const request = parseCreateByokRequest(await readJsonBody(c.env.incoming, deps.bodyLimitBytes), caller.accountId);
    // 201 also when it replaced the provider's existing key: the spec documents only 201.
    const { record } = await deps.byok.put(caller.accountId, request);
    return c.json({ data: presentByok(record) }, 201);
  });

  api.get('/byok/:id', async (c) => {
    const caller = await authenticateManagement(c, deps);
    return c.json({ data: presentByok(await deps.byok.get(caller.accountId, c.req.param('id'))) });
  });

  api.patch('/byok/:id', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const request = parseUpdateByokRequest(await readJsonBody(c.env.incoming, deps.bodyLimitBytes));
    return c.json({ data: presentByok(await deps.byok.update(caller.accountId, c.req.param('id'), request)) });
  });

  api.delete('/byok/:id', async (c) => {
    const caller = await authenticateManagement(c, deps);
    await deps.byok.delete(caller.accountId, c.req.param('id'));
    return c.json({ deleted: true as const });
  });
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return PAGE_SIZE;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > PAGE_SIZE) {
    throw new GatewayError('invalid_request', `limit: Expected an integer from 1 to ${String(PAGE_SIZE)}`, { metadata: { field: 'limit' } });
  }
  return limit;
}
