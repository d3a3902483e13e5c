import { GatewayError, microToUsd, type AccountBalance, type LedgerEntry } from '@switchyard/core';
import type { Context, Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { isAdminToken, parseAdminCreditRequest, sameEntry } from '../billing/admin-request.js';
import { readJsonBody } from '../http/read-json-body.js';
import { authenticateManagement } from '../middleware/authenticate.js';

const STATEMENT_LENGTH = 50;

function presentBalance(balance: AccountBalance) {
  return {
    total_credits: microToUsd(balance.totalCreditsMicro),
    total_usage: microToUsd(balance.totalUsageMicro),
    balance: microToUsd(balance.balanceMicro),
    reserved: microToUsd(balance.reservedMicro),
  };
}

function presentEntry(entry: LedgerEntry) {
  return {
    id: entry.id,
    account_id: entry.accountId,
    kind: entry.kind,
    amount: microToUsd(entry.amountMicro),
    idempotency_key: entry.idempotencyKey,
    key_id: entry.keyId,
    generation_id: entry.generationId,
    note: entry.note,
    occurred_at: entry.occurredAt.toISOString(),
    created_at: entry.createdAt.toISOString(),
  };
}

/** The operator's routes exist only when SWITCHYARD_ADMIN_TOKEN is set (404 otherwise, 401 on a wrong token). */
function authenticateAdmin(c: Context<AppEnv>, deps: AppDeps): void {
  const token = deps.billing.settings.adminToken;
  if (token === undefined) throw new GatewayError('not_found', `No route for ${c.req.method} ${c.req.path}`);
  if (!isAdminToken(c.req.header('authorization'), token)) throw new GatewayError('unauthorized', 'Invalid admin token');
}

/**
 * `GET /credits` (management key, OpenRouter's shape) and the operator's ledger API:
 * `POST /admin/credits` (top-up, refund or adjustment; idempotent) and `GET /admin/credits?account_id=`.
 */
export function registerCreditRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  const { ledger } = deps.billing;

  api.get('/credits', async (c) => {
    const key = await authenticateManagement(c, deps);
    await deps.writer.drain(); // deferred charges travel with queued generation records
    const balance = await ledger.balance(key.accountId);
    return c.json({ data: { total_credits: microToUsd(balance.totalCreditsMicro), total_usage: microToUsd(balance.totalUsageMicro) } });
  });

  api.post('/admin/credits', async (c) => {
    authenticateAdmin(c, deps);
    const body = await readJsonBody(c.env.incoming, deps.bodyLimitBytes);
    const requested = parseAdminCreditRequest(body, c.req.header('idempotency-key'), deps.clock.now());
    if ((await deps.billing.accounts.get(requested.accountId)) === undefined) {
      throw new GatewayError('not_found', `Account ${requested.accountId} not found`);
    }
    const { payments } = deps.billing;
    if (requested.kind === 'topup') await payments.authorize({ accountId: requested.accountId, amountMicro: requested.amountMicro, idempotencyKey: requested.idempotencyKey });
    const { entry, created } = await ledger.post(requested);
    if (!sameEntry(entry, requested)) {
      throw new GatewayError('invalid_request', `idempotency_key ${requested.idempotencyKey} was already used for a different entry`, {
        metadata: { field: 'idempotency_key', entry: presentEntry(entry) },
      });
    }
    if (created && entry.kind === 'topup') await payments.recorded(entry);
    const balance = await ledger.balance(requested.accountId);
    return c.json({ data: presentEntry(entry), balance: presentBalance(balance), created }, created ? 201 : 200);
  });

  api.get('/admin/credits', async (c) => {
    authenticateAdmin(c, deps);
    const accountId = c.req.query('account_id');
    if (accountId === undefined || accountId === '') throw new GatewayError('invalid_request', 'account_id: Required');
    if ((await deps.billing.accounts.get(accountId)) === undefined) throw new GatewayError('not_found', `Account ${accountId} not found`);
    await deps.writer.drain();
    const [balance, entries] = await Promise.all([ledger.balance(accountId), ledger.entries(accountId, STATEMENT_LENGTH)]);
    return c.json({ data: { account_id: accountId, ...presentBalance(balance), entries: entries.map(presentEntry) } });
  });
}
