import { GatewayError, type MemberRecord, type MembershipRecord, type UserRecord } from '@switchyard/core';
import type { Context, Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { isAdminToken } from '../billing/admin-request.js';
import { readJsonBody } from '../http/read-json-body.js';
import { parseOffset } from '../keys/key-request.js';
import { authenticateManagement } from '../middleware/authenticate.js';
import { parseMemberLimit, parseNewOrganization, parseNewUser, parseRole } from '../organizations/admin-requests.js';
import { createOrganization, createUser, removeMember, setMember } from '../organizations/organization-admin.js';

/** Operator routes exist only when SWITCHYARD_ADMIN_TOKEN is set (404 otherwise, 401 on a wrong token), as `/admin/credits`. */
function authenticateAdmin(c: Context<AppEnv>, deps: AppDeps): void {
  const token = deps.billing.settings.adminToken;
  if (token === undefined) throw new GatewayError('not_found', `No route for ${c.req.method} ${c.req.path}`);
  if (!isAdminToken(c.req.header('authorization'), token)) throw new GatewayError('unauthorized', 'Invalid admin token');
}

export function presentUser(user: UserRecord) {
  return { id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName, created_at: user.createdAt.toISOString() };
}

function presentMember(member: MemberRecord) {
  const { user } = member;
  return { id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName, role: `org:${member.role}` };
}

function presentMembership(membership: MembershipRecord) {
  return { organization_id: membership.accountId, user_id: membership.userId, role: `org:${membership.role}`, created_at: membership.createdAt.toISOString() };
}

/**
 * `GET /organization/members` (management key, OpenRouter's shape) and the operator's API for
 * users, organisations and memberships: `POST /admin/users`, `POST /admin/organizations` (answers
 * the organisation's first management key, shown once), `PUT|DELETE /admin/organizations/{id}/members/{user_id}`.
 */
export function registerOrganizationRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  const { repository, transaction } = deps.organizations;

  api.get('/organization/members', async (c) => {
    const caller = await authenticateManagement(c, deps);
    const page = { offset: parseOffset(c.req.query('offset')), limit: parseMemberLimit(c.req.query('limit')) };
    const members = await repository.listMembers(caller.accountId, page);
    return c.json({ data: members.items.map(presentMember), total_count: members.total });
  });

  api.post('/admin/users', async (c) => {
    authenticateAdmin(c, deps);
    const request = parseNewUser(await readJsonBody(c.env.incoming, deps.bodyLimitBytes));
    return c.json({ data: presentUser(await createUser(transaction, request, deps.clock.now())) }, 201);
  });

  api.post('/admin/organizations', async (c) => {
    authenticateAdmin(c, deps);
    const { name } = parseNewOrganization(await readJsonBody(c.env.incoming, deps.bodyLimitBytes));
    const org = await createOrganization(transaction, name, deps.clock.now());
    return c.json({ data: { id: org.id, name: org.name, kind: 'organization', created_at: org.createdAt.toISOString() }, key: org.managementKey }, 201);
  });

  api.put('/admin/organizations/:id/members/:userId', async (c) => {
    authenticateAdmin(c, deps);
    const role = parseRole(await readJsonBody(c.env.incoming, deps.bodyLimitBytes));
    const membership = await setMember(transaction, c.req.param('id'), c.req.param('userId'), role, deps.clock.now());
    return c.json({ data: presentMembership(membership) });
  });

  api.delete('/admin/organizations/:id/members/:userId', async (c) => {
    authenticateAdmin(c, deps);
    await removeMember(transaction, c.req.param('id'), c.req.param('userId'));
    return c.json({ deleted: true as const });
  });
}
