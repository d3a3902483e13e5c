import { GatewayError } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
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
    const stored = await deps.keys.usage(key.id, now);
    // Records still in the write-behind queue are seconds old at most: they count in every window.
    const pending = deps.writer
      .pendingFor(key.id)
      .filter((record) => !record.isByok)
      .reduce((sum, record) => sum + record.costMicro, 0);
    const usage = {
      ...stored,
      total: stored.total + pending,
      daily: stored.daily + pending,
      weekly: stored.weekly + pending,
      monthly: stored.monthly + pending,
    };
    return c.json({ data: presentCurrentKey(key, usage, false) });
  });
}
