import { GatewayError } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { keyUsageView } from '../billing/key-usage-view.js';
import { authenticate } from '../middleware/authenticate.js';
import { presentGeneration } from '../presenters/generation-presenter.js';
import { presentCurrentKey } from '../presenters/key-presenter.js';
import { scopeCovers, scopeOf } from '../organizations/key-scope.js';

export function registerAccountRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  api.get('/generation', async (c) => {
    const key = await authenticate(c, deps);
    const id = c.req.query('id');
    if (id === undefined || id === '') throw new GatewayError('invalid_request', 'id: Required (the generation id, "gen-…")');
    const record = deps.writer.get(id) ?? (await deps.generations.get(id));
    // The key's own records, or what its scope covers (organizations/key-scope.ts: the account for
    // management keys and admins' keys, the creator's keys for a member's key).
    const visible = record !== undefined && (record.keyId === key.id || (await scopeCovers(await scopeOf(key, deps.organizations.repository), record, deps.keys)));
    if (!visible) throw new GatewayError('not_found', `Generation ${id} not found`);
    return c.json({ data: presentGeneration(record) });
  });

  api.get('/key', async (c) => {
    const key = await authenticate(c, deps);
    await deps.writer.drain(); // deferred charges travel with queued generation records
    const now = deps.clock.now();
    // Exactly as `/keys` answers it (one function): spend and the remaining limit (net of in-flight
    // holds) from the ledger, BYOK usage from the generation records.
    const [{ usage, limitRemaining }, limits] = await Promise.all([
      keyUsageView({ keys: deps.keys, ledger: deps.billing.ledger, writer: deps.writer }, key, now),
      deps.requestLimits.view(key, now),
    ]);
    return c.json({ data: presentCurrentKey(key, usage, limitRemaining, limits) });
  });
}
