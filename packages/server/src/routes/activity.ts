import { GatewayError } from '@switchyard/core';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { authenticate } from '../middleware/authenticate.js';
import { activityCsv, activityQuery, activityWindow, presentActivity, wantsCsv, type ActivityFilters } from '../organizations/activity-report.js';
import { scopeOf } from '../organizations/key-scope.js';

/**
 * `GET /activity` (OpenRouter's shape): generation records of the last 30 UTC days (and today)
 * grouped by date, model and provider, within the calling key's scope (`organizations/key-scope.ts`):
 * a management key or an admin's key sees the whole account, a member's key the keys that member
 * created, any other inference key itself. Filters `date`, `api_key_hash`, `user_id`,
 * `workspace_id` (the account is the only workspace) and `group_by=workspace`; `format=csv` or
 * `Accept: text/csv` answers CSV.
 */
export function registerActivityRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  api.get('/activity', async (c) => {
    const key = await authenticate(c, deps);
    await deps.writer.drain(); // records (and their deferred charges) still queued count too
    const csv = wantsCsv(c.req.query('format'), c.req.header('accept'));
    const window = activityWindow(deps.clock.now(), c.req.query('date'));
    const groupBy = c.req.query('group_by');
    if (groupBy !== undefined && groupBy !== '' && groupBy !== 'workspace') {
      throw new GatewayError('invalid_request', 'group_by: Expected "workspace"', { metadata: { field: 'group_by' } });
    }
    const scope = await scopeOf(key, deps.organizations.repository);
    const filters = await resolveFilters(deps, scope.accountId, c.req.query('api_key_hash'), c.req.query('user_id'));
    const workspace = c.req.query('workspace_id');
    const otherWorkspace = workspace !== undefined && workspace !== '' && workspace !== scope.accountId;
    const query = filters === undefined || otherWorkspace ? undefined : activityQuery(scope, window, filters);
    const rows = query === undefined ? [] : await deps.organizations.activity.query(query);
    const items = rows.map(presentActivity);
    if (csv) {
      return c.body(activityCsv(items), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="activity.csv"' });
    }
    const data = groupBy === 'workspace' ? items.map((item) => ({ ...item, workspace_id: scope.accountId })) : items;
    return c.json({ data });
  });
}

/** The filters; undefined when `api_key_hash` names no key of the account (unknown and foreign hashes answer alike: empty). */
async function resolveFilters(deps: AppDeps, accountId: string, hash: string | undefined, userId: string | undefined): Promise<ActivityFilters | undefined> {
  const user = userId === undefined || userId === '' ? undefined : userId;
  if (hash === undefined || hash === '') return { keyId: undefined, userId: user };
  const key = await deps.keys.findByHash(hash);
  return key !== undefined && key.accountId === accountId ? { keyId: key.id, userId: user } : undefined;
}
