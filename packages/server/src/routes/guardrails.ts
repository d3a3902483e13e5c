import { randomUUID } from 'node:crypto';
import { GatewayError, type ApiKeyRecord, type GuardrailRecord } from '@switchyard/core';
import type { Context, Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { withCanonicalModels } from '../guardrails/guardrail-models.js';
import { presentGuardrail, presentKeyAssignment, presentMemberAssignment } from '../guardrails/guardrail-presenter.js';
import { applyZdr, invalid, parseCreateGuardrail, parseIdList, parsePage, parseUpdateGuardrail } from '../guardrails/guardrail-request.js';
import { readJsonBody } from '../http/read-json-body.js';
import { authenticateManagement } from '../middleware/authenticate.js';

/**
 * `/guardrails`: a management (provisioning) key manages its account's guardrails and assigns them
 * to the account's keys (by hash) and members (by user id). Another account's guardrail is a 404.
 * Every write clears this process's guardrail cache, so the next inference request sees it.
 */
export function registerGuardrailRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  const { repository, enforcer } = deps.guardrails;
  const body = (c: Context<AppEnv>) => readJsonBody(c.env.incoming, deps.bodyLimitBytes);
  const page = (c: Context<AppEnv>) => parsePage(c.req.query('offset'), c.req.query('limit'));
  const find = async (caller: ApiKeyRecord, id: string): Promise<GuardrailRecord> => {
    const guardrail = await repository.get(caller.accountId, id);
    if (guardrail === undefined) throw new GatewayError('not_found', `Guardrail ${id} not found`);
    return guardrail;
  };

  api.get('/guardrails', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const request = page(c);
    const workspace = c.req.query('workspace_id');
    // The account is the only workspace: another workspace id filters every guardrail out.
    if (workspace !== undefined && workspace !== caller.accountId) return c.json({ data: [], total_count: 0 });
    const result = await repository.list(caller.accountId, request);
    return c.json({ data: result.items.map(presentGuardrail), total_count: result.total });
  });

  api.post('/guardrails', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const input = parseCreateGuardrail(await body(c));
    if (input.workspaceId !== undefined && input.workspaceId !== caller.accountId) throw invalid('workspace_id', 'Unknown workspace');
    const { name } = input.patch;
    if (name === undefined) throw invalid('name', 'Required');
    const created = await repository.create({
      ...withCanonicalModels(input.patch, deps.catalog),
      id: randomUUID(),
      accountId: caller.accountId,
      name,
      enforceZdr: applyZdr([], input.zdr),
      createdAt: deps.clock.now(),
    });
    return c.json({ data: presentGuardrail(created) }, 201);
  });

  api.get('/guardrails/assignments/keys', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const result = await repository.listKeyAssignments(caller.accountId, undefined, page(c));
    return c.json({ data: result.items.map(presentKeyAssignment), total_count: result.total });
  });

  api.get('/guardrails/assignments/members', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const result = await repository.listMemberAssignments(caller.accountId, undefined, page(c));
    return c.json({ data: result.items.map(presentMemberAssignment), total_count: result.total });
  });

  api.get('/guardrails/:id', async (c) => {
    const caller = await authenticateManagement(c, deps);
    return c.json({ data: presentGuardrail(await find(caller, c.req.param('id'))) });
  });

  api.patch('/guardrails/:id', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const input = parseUpdateGuardrail(await body(c));
    const current = await find(caller, c.req.param('id'));
    const fields = withCanonicalModels(input.patch, deps.catalog);
    const patch = Object.keys(input.zdr).length === 0 ? fields : { ...fields, enforceZdr: applyZdr(current.enforceZdr, input.zdr) };
    const updated = await repository.update(caller.accountId, current.id, patch, deps.clock.now());
    enforcer.invalidate();
    if (updated === undefined) throw new GatewayError('not_found', `Guardrail ${current.id} not found`);
    return c.json({ data: presentGuardrail(updated) });
  });

  api.delete('/guardrails/:id', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const id = c.req.param('id');
    const deleted = await repository.delete(caller.accountId, id);
    enforcer.invalidate();
    if (!deleted) throw new GatewayError('not_found', `Guardrail ${id} not found`);
    return c.json({ deleted: true as const });
  });

  registerAssignmentRoutes(api, deps, find);
}

function registerAssignmentRoutes(
  api: Hono<AppEnv>,
  deps: AppDeps,
  find: (caller: ApiKeyRecord, id: string) => Promise<GuardrailRecord>,
): void {
  const { repository, enforcer } = deps.guardrails;
  const body = (c: Context<AppEnv>) => readJsonBody(c.env.incoming, deps.bodyLimitBytes);
  // No users yet: an assignment made with a management key has no user behind it.
  const meta = () => ({ assignedBy: null, at: deps.clock.now() });

  api.get('/guardrails/:id/assignments/keys', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const request = parsePage(c.req.query('offset'), c.req.query('limit'));
    const guardrail = await find(caller, c.req.param('id'));
    const result = await repository.listKeyAssignments(caller.accountId, guardrail.id, request);
    return c.json({ data: result.items.map(presentKeyAssignment), total_count: result.total });
  });

  api.post('/guardrails/:id/assignments/keys', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const hashes = parseIdList(await body(c), 'key_hashes');
    const guardrail = await find(caller, c.req.param('id'));
    const assigned = await repository.assignKeys(caller.accountId, guardrail.id, hashes, meta());
    enforcer.invalidate();
    return c.json({ assigned_count: assigned });
  });

  api.post('/guardrails/:id/assignments/keys/remove', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const hashes = parseIdList(await body(c), 'key_hashes');
    const guardrail = await find(caller, c.req.param('id'));
    const unassigned = await repository.unassignKeys(caller.accountId, guardrail.id, hashes);
    enforcer.invalidate();
    return c.json({ unassigned_count: unassigned });
  });

  api.get('/guardrails/:id/assignments/members', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const request = parsePage(c.req.query('offset'), c.req.query('limit'));
    const guardrail = await find(caller, c.req.param('id'));
    const result = await repository.listMemberAssignments(caller.accountId, guardrail.id, request);
    return c.json({ data: result.items.map(presentMemberAssignment), total_count: result.total });
  });

  api.post('/guardrails/:id/assignments/members', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const users = parseIdList(await body(c), 'member_user_ids');
    const guardrail = await find(caller, c.req.param('id'));
    const assigned = await repository.assignMembers(caller.accountId, guardrail.id, users, meta());
    enforcer.invalidate();
    return c.json({ assigned_count: assigned });
  });

  api.post('/guardrails/:id/assignments/members/remove', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const users = parseIdList(await body(c), 'member_user_ids');
    const guardrail = await find(caller, c.req.param('id'));
    const unassigned = await repository.unassignMembers(caller.accountId, guardrail.id, users);
    enforcer.invalidate();
    return c.json({ unassigned_count: unassigned });
  });
}
