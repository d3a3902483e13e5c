import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createSqliteStore, type SqlStore } from '@switchyard/store-sql';
import { generateSecret, newKeyId } from '../../src/keys/api-key-secret.js';
import { seedAccount } from '../support/accounts.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { ADMIN_TOKEN, adminPost, HELLO, limitedKey, PAID_MODEL, paidModelConfig, rawChat, RECORDED_COST_MICRO } from '../support/credits-harness.js';

/**
 * The self-hosting default (no `credits:` config, no admin token): a gateway started with one
 * command chats at once on an empty balance, the ledger still records every charge, and key spend
 * limits are enforced.
 */
const FREE_MODEL = 'switchyard-test/free';
let t: TestGateway;
let client: OpenAI;
let store: SqlStore;

beforeAll(async () => {
  const paid = paidModelConfig();
  const free = { id: FREE_MODEL, context_length: 8192, endpoints: [{ provider: 'openai', upstream_model: 'gpt-4.1-nano', pricing: { prompt: '0', completion: '0' } }] };
  t = await startTestGateway({ config: { models: [...paid.models, free] } });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
  store = createSqliteStore({ path: t.gateway.config.server.sqlitePath });
});
afterAll(async () => {
  await store.close();
  await t.close();
});
beforeEach(() => t.upstream.reset());

const holdCount = async () => Number((await sql<{ n: number }>`select count(*) as n from credit_holds`.execute(store.db)).rows[0]?.n);

describe('credits not enforced (default)', () => {
  it('serves a paid request on an empty balance and records the charge', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const completion = await client.chat.completions.create({ model: PAID_MODEL, messages: HELLO, max_tokens: 5000 });
    expect(completion.choices[0]?.message.content).toContain('Galaxy Day');
    const sdk = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
    expect((await sdk.credits.getCredits()).data).toEqual({ totalCredits: 0, totalUsage: RECORDED_COST_MICRO / 1e6 });
    expect(await store.ledger.balance('acct_default')).toMatchObject({ balanceMicro: -RECORDED_COST_MICRO, reservedMicro: 0 });
  });

  it('needs no reservation when every planned endpoint is free', async () => {
    const before = await holdCount();
    t.upstream.next({ json: FIXTURES.openaiText() });
    await client.chat.completions.create({ model: FREE_MODEL, messages: HELLO });
    expect(await holdCount()).toBe(before);
  });

  it('still enforces key spend limits, before any upstream call', async () => {
    const secret = await limitedKey(t, 0.0001, 'daily');
    const refused = await rawChat(t, { model: PAID_MODEL, messages: HELLO, max_tokens: 1000 }, secret);
    expect(refused.json).toMatchObject({
      error: { code: 402, message: expect.stringContaining("This key's daily limit of $0.0001 has $0.0001 left"), metadata: { limit_source: 'key_limit', limit_reset: 'daily' } },
    });
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('has no admin routes without SWITCHYARD_ADMIN_TOKEN', async () => {
    expect((await adminPost(t, { account_id: 'acct_default', amount: 1, idempotency_key: 'k' }, ADMIN_TOKEN)).status).toBe(404);
  });

  it("shows an account only its own credits", async () => {
    const secret = generateSecret();
    await seedAccount(t, { accountId: 'acct_other', name: 'Other', keys: [{ id: newKeyId(), secret, kind: 'provisioning', name: 'other admin' }] });
    await store.ledger.post({ accountId: 'acct_other', kind: 'topup', amountMicro: 3_000_000, idempotencyKey: 'other-1', at: new Date() });
    const other = new OpenRouter({ apiKey: secret, serverURL: t.baseURL });
    expect((await other.credits.getCredits()).data).toEqual({ totalCredits: 3, totalUsage: 0 });
    const mine = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
    expect((await mine.credits.getCredits()).data.totalCredits).toBe(0);
  });
});
