import { GatewayError, microToUsd } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { keyLimitRemaining } from '../billing/key-remaining.js';
import { authenticate } from '../middleware/authenticate.js';
import { presentGeneration } from '../presenters/generation-presenter.js';
import { presentCurrentKey } from '../presenters/key-presenter.js';

export function registerAccountRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  api.get('/generation', async (c) => {
    const key = await authenticate(c, deps);
    const id = c.req.query('id');
    if (id === undefined || id === '') throw new GatewayError('invalid_request', 'id: Required (the generation id, "gen-…")');
    const record = deps.writer.get(id) ?? (await deps.generations.get(id));
    const visible = record !== undefined && (record.keyId === key.id || (key.kind === 'provisioning' && record.accountId === key.accountId));
    if (!visible) throw new GatewayError('not_found', `Generation ${id} not found`);
    return c.json({ data: presentGeneration(record) });
  });

  api.get('/key', async (c) => {
    const key = await authenticate(c, deps);
    const now = deps.clock.now();
    // Spend comes from the ledger's charges (written before each answer completes); BYOK usage,
    // which the ledger does not charge, from the generation records.
    const [stored, spend] = await Promise.all([deps.keys.usage(key.id, now), deps.billing.ledger.keySpend(key.id, now)]);
    const usage = { ...stored, total: spend.total, daily: spend.daily, weekly: spend.weekly, monthly: spend.monthly };
    const data = presentCurrentKey(key, usage, await deps.requestLimits.view(key, now));
    // What a new request can still reserve: in-flight requests' holds count against the limit too.
    const remaining = keyLimitRemaining(key, usage, spend.reservedMicro);
    return c.json({ data: { ...data, limit_remaining: remaining === null ? null : microToUsd(remaining) } });
  });
}
