import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '@switchyard/store-sql';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import { estimatePromptTokens } from '../../src/billing/estimate-max-cost.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import {
  ACCOUNT_ID, ADMIN_TOKEN, adminPost, currentKey, FREE_MODEL, generationCost, HELLO, limitedKey, PAID_MODEL, paidModelConfig, rawChat,
  RECORDED_COST_MICRO, statement,
} from '../support/credits-harness.js';

/**
 * Credits enforced (`credits.enforce: true`): paid requests reserve their maximum cost before any
 * upstream call, settle the actual cost, release on failure; operator top-ups through the admin API.
 */
let t: TestGateway;
let client: OpenAI;
const PROMPT_TOKENS = estimatePromptTokens({ messages: HELLO } as ChatCompletionRequest);
const micro = (usd: number) => Math.round(usd * 1_000_000);

beforeAll(async () => {
  t = await startTestGateway({
    env: { SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN },
    config: { credits: { enforce: true, sweep_interval_ms: 100 }, ...paidModelConfig() },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

describe('credits enforced', () => {
  it('answers 402 before any upstream call when the account cannot afford max_tokens', async () => {
    const error = await client.chat.completions.create({ model: PAID_MODEL, messages: HELLO, max_tokens: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    const streamed = await rawChat(t, { model: PAID_MODEL, messages: HELLO, max_tokens: 1000, stream: true });
    expect(streamed.status).toBe(402);
    expect(streamed.json).toMatchObject({
      error: {
        code: 402,
        message: expect.stringMatching(/^This request requires more credits, or fewer max_tokens\. You requested up to 1000 tokens, but can only afford 0\./),
        metadata: { limit_source: 'credits', requested_tokens: 1000, affordable_tokens: 0, error_code: 'insufficient_credits' },
      },
    });
    expect(t.upstream.requests).toHaveLength(0);
    expect(await statement(t)).toMatchObject({ reserved: 0, entries: [] });
  });

  it('says how many tokens the balance affords, and without max_tokens uses the model limit', async () => {
    expect((await adminPost(t, { account_id: ACCOUNT_ID, amount: '0.0005', idempotency_key: 'seed-1' })).status).toBe(201);
    const affordable = Math.floor((500 - PROMPT_TOKENS) / 2);
    const refused = await rawChat(t, { model: PAID_MODEL, messages: HELLO, max_tokens: 1000 });
    expect(refused.status).toBe(402);
    expect((refused.json['error'] as { message: string }).message).toContain(`You requested up to 1000 tokens, but can only afford ${String(affordable)}.`);
    const noMax = await rawChat(t, { model: PAID_MODEL, messages: HELLO });
    expect((noMax.json['error'] as { message: string }).message).toContain(`You requested up to ${String(8192 - PROMPT_TOKENS)} tokens`);
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('settles exactly the generation cost once the account has credits, and @openrouter/sdk reads the totals', async () => {
    expect((await adminPost(t, { account_id: ACCOUNT_ID, amount: 1, idempotency_key: 'seed-2' })).status).toBe(201);
    t.upstream.next({ json: FIXTURES.openaiText() });
    const completion = await client.chat.completions.create({ model: PAID_MODEL, messages: HELLO, max_tokens: 1000 });
    const after = await statement(t);
    const charge = after.entries.find((entry) => entry.generation_id === completion.id);
    expect(charge).toMatchObject({ kind: 'charge', amount: -RECORDED_COST_MICRO / 1e6 });
    expect(micro(await generationCost(t, completion.id))).toBe(RECORDED_COST_MICRO);
    expect(after).toMatchObject({ reserved: 0, total_usage: RECORDED_COST_MICRO / 1e6 });
    const sdk = new OpenRouter({ apiKey: PROVISIONING_KEY, serverURL: t.baseURL });
    const credits = await sdk.credits.getCredits();
    expect(credits.data).toEqual({ totalCredits: 1.0005, totalUsage: RECORDED_COST_MICRO / 1e6 });
  });

  it('settles a stream before it ends and releases the hold of a failed request', async () => {
    const before = await statement(t);
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 64 });
    const stream = await client.chat.completions.create({ model: PAID_MODEL, messages: HELLO, max_tokens: 1000, stream: true });
    let id = '';
    for await (const chunk of stream) id = chunk.id;
    const charged = (await statement(t)).entries.find((entry) => entry.generation_id === id);
    expect(micro(-(charged?.amount ?? 0))).toBe(micro(await generationCost(t, id)));

    t.upstream.next({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } });
    const failed = await rawChat(t, { model: PAID_MODEL, messages: HELLO, max_tokens: 1000 });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const after = await statement(t);
    expect(after.reserved).toBe(0);
    expect(after.entries.filter((entry) => entry.kind === 'charge')).toHaveLength(before.entries.filter((e) => e.kind === 'charge').length + 1);
  });

  it('does not let concurrent requests overrun a key limit by more than one reservation', async () => {
    // Each request reserves prompt + 400 completion tokens (~0.00081); a $0.002 limit fits two at a time.
    const secret = await limitedKey(t, 0.002);
    const keyed = new OpenAI({ apiKey: secret, baseURL: t.baseURL, maxRetries: 0 });
    t.upstream.always(() => ({ json: FIXTURES.openaiText(), delayMs: 300 }));
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => keyed.chat.completions.create({ model: PAID_MODEL, messages: HELLO, max_tokens: 400 })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(2);
    expect(t.upstream.requests).toHaveLength(2);
    for (const r of refused) {
      expect((r.reason as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
      expect((r.reason as Error).message).toContain("This key's total limit of $0.002");
    }
    const info = await currentKey(t, secret);
    expect(micro(info['usage'] as number)).toBe(2 * RECORDED_COST_MICRO);
    expect(micro(info['limit_remaining'] as number)).toBe(2000 - 2 * RECORDED_COST_MICRO);
    const next = await rawChat(t, { model: PAID_MODEL, messages: HELLO, max_tokens: 400 }, secret);
    expect(next.json).toMatchObject({ error: { code: 402, metadata: { limit_source: 'key_limit' } } });
  });

  it('releases holds a crashed process left behind once they expire', async () => {
    const store = createSqliteStore({ path: t.gateway.config.server.sqlitePath });
    try {
      const past = new Date(Date.now() - 1000);
      const result = await store.ledger.reserve({
        accountId: ACCOUNT_ID, keyId: 'key_crashed', generationId: 'gen-crashed', amountMicro: 1234, enforceBalance: true,
        keyLimit: null, at: new Date(past.getTime() - 60_000), expiresAt: past,
      });
      expect(result.ok).toBe(true);
      for (let i = 0; i < 100 && (await statement(t)).reserved !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await statement(t)).reserved).toBe(0);
      if (result.ok) expect((await store.ledger.getHold(result.hold.id))?.status).toBe('released');
    } finally {
      await store.close();
    }
  });
});

describe('admin credits API', () => {
  it('requires the operator token and is idempotent on the idempotency key', async () => {
    expect((await adminPost(t, { account_id: ACCOUNT_ID, amount: 1, idempotency_key: 'x' }, 'wrong')).status).toBe(401);
    const first = await adminPost(t, { account_id: ACCOUNT_ID, amount: '2.5', idempotency_key: 'pay-77', note: 'invoice 77' });
    expect(first).toMatchObject({ status: 201, json: { created: true, data: { kind: 'topup', amount: 2.5, note: 'invoice 77' } } });
    const replay = await adminPost(t, { account_id: ACCOUNT_ID, amount: '2.5', idempotency_key: 'pay-77' });
    expect(replay).toMatchObject({ status: 200, json: { created: false, data: { id: (first.json['data'] as { id: string }).id } } });
    expect((await adminPost(t, { account_id: ACCOUNT_ID, amount: 3, idempotency_key: 'pay-77' })).status).toBe(400);
    const balance = (first.json['balance'] as { balance: number }).balance;
    expect((await statement(t)).balance).toBe(balance);
  });

  it('posts refunds and signed adjustments, and refuses bad amounts and unknown accounts', async () => {
    const before = await statement(t);
    expect((await adminPost(t, { account_id: ACCOUNT_ID, kind: 'refund', amount: '0.25', idempotency_key: 'ref-1' })).status).toBe(201);
    expect((await adminPost(t, { account_id: ACCOUNT_ID, kind: 'adjustment', amount: '-0.5', idempotency_key: 'adj-1' })).status).toBe(201);
    const after = await statement(t);
    expect(micro(after.balance - before.balance)).toBe(-250_000);
    expect(micro(after.total_usage - before.total_usage)).toBe(-250_000);
    expect(micro(after.total_credits - before.total_credits)).toBe(-500_000);
    for (const amount of [-1, 0, '1e3', '0.0000001', 'ten']) {
      expect((await adminPost(t, { account_id: ACCOUNT_ID, amount, idempotency_key: `bad-${String(amount)}` })).status).toBe(400);
    }
    expect((await adminPost(t, { account_id: ACCOUNT_ID, amount: 1 })).status).toBe(400);
    expect((await adminPost(t, { account_id: 'acct_nobody', amount: 1, idempotency_key: 'n-1' })).status).toBe(404);
  });

  it('refuses free models with a 402 while the balance is negative, and serves them again after a top-up', async () => {
    const { balance } = await statement(t);
    const debt = (balance + 0.01).toFixed(6);
    expect((await adminPost(t, { account_id: ACCOUNT_ID, kind: 'adjustment', amount: `-${debt}`, idempotency_key: 'debt-1' })).status).toBe(201);
    const refused = await rawChat(t, { model: FREE_MODEL, messages: HELLO });
    expect(refused.status).toBe(402);
    expect(refused.json).toMatchObject({
      error: { code: 402, message: 'This account has a negative credit balance (-$0.01), so it cannot use free models either. Add credits to this account to continue.', metadata: { limit_source: 'credits', available_usd: -0.01 } },
    });
    expect(t.upstream.requests).toHaveLength(0);
    expect((await adminPost(t, { account_id: ACCOUNT_ID, amount: '0.01', idempotency_key: 'debt-paid' })).status).toBe(201);
    t.upstream.next({ json: FIXTURES.openaiText() });
    expect((await rawChat(t, { model: FREE_MODEL, messages: HELLO })).status).toBe(200);
  });

  it('GET /credits needs a management key', async () => {
    const response = await fetch(`${t.baseURL}/credits`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(response.status).toBe(403);
  });
});
