import { GatewayError, type ApiKeyRecord } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { keyUsageView } from '../billing/key-usage-view.js';
import { readJsonBody } from '../http/read-json-body.js';
import { createManagedKey, findManagedKey, KEYS_PAGE_SIZE, ZERO_USAGE } from '../keys/key-management.js';
import { parseCreateKeyRequest, parseIncludeDisabled, parseOffset, parseUpdateKeyRequest } from '../keys/key-request.js';
import { authenticateManagement } from '../middleware/authenticate.js';
import { presentManagedKey } from '../presenters/key-presenter.js';

/**
 * `/keys`: a management (provisioning) key creates, lists, reads, updates and deletes the
 * inference keys of its own account, addressed by the SHA-256 hash of their secret.
 */
export function registerKeyRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  // Exactly as `GET /key` answers it (one function): spend and the remaining limit from the ledger,
  // net of in-flight holds (what a new request can still reserve), BYOK usage from the generation records.
  const present = async (key: ApiKeyRecord, now: Date) => {
    const { usage, limitRemaining } = await keyUsageView({ keys: deps.keys, ledger: deps.billing.ledger, writer: deps.writer }, key, now);
    return presentManagedKey(key, usage, limitRemaining);
  };

  api.get('/keys', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const includeDisabled = parseIncludeDisabled(c.req.query('include_disabled'));
    const offset = parseOffset(c.req.query('offset'));
    const workspace = c.req.query('workspace_id');
    // The account is the only workspace: another workspace id filters every key out.
    if (workspace !== undefined && workspace !== caller.accountId) return c.json({ data: [] });
    const page = await deps.keys.list(caller.accountId, { offset, limit: KEYS_PAGE_SIZE }, includeDisabled, 'inference');
    await deps.writer.drain(); // deferred charges travel with queued generation records
    const now = deps.clock.now();
    return c.json({ data: await Promise.all(page.items.map((key) => present(key, now))) });
  });

  api.post('/keys', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const now = deps.clock.now();
    const request = parseCreateKeyRequest(await readJsonBody(c.env.incoming, deps.bodyLimitBytes), now);
    const { record, secret } = await createManagedKey(deps.keys, deps.organizations.repository, caller, request, now);
    return c.json({ data: presentManagedKey(record, ZERO_USAGE, record.limitMicro), key: secret }, 201);
  });

  api.get('/keys/:hash', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const key = await findManagedKey(deps.keys, caller, c.req.param('hash'));
    await deps.writer.drain(); // deferred charges travel with queued generation records
    return c.json({ data: await present(key, deps.clock.now()) });
  });

  api.patch('/keys/:hash', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const changes = parseUpdateKeyRequest(await readJsonBody(c.env.incoming, deps.bodyLimitBytes));
    const key = await findManagedKey(deps.keys, caller, c.req.param('hash'));
    const now = deps.clock.now();
    const updated = await deps.keys.update(key.id, changes, now);
    await deps.keyCache.invalidate(key.hash);
    // Deleted between the lookup and the update: as absent as if it had gone first.
    if (updated === undefined) throw new GatewayError('not_found', 'API key not found');
    return c.json({ data: await present(updated, now) });
  });

  api.delete('/keys/:hash', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const key = await findManagedKey(deps.keys, caller, c.req.param('hash'));
    const deleted = await deps.keys.delete(key.id, deps.clock.now());
    await deps.keyCache.invalidate(key.hash);
    if (!deleted) throw new GatewayError('not_found', 'API key not found');
    return c.json({ deleted: true as const });
  });
}
