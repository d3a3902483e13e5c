import { expect } from 'vitest';
import { API_KEY, PROVISIONING_KEY, type TestGateway } from './harness.js';
import { call, callJson } from './http.js';

export const ADMIN_TOKEN = 'sy-admin-e2e-0123456789abcdef0123456789abcdef';
export const ACCOUNT_ID = 'acct_default';

/** $1 per million prompt tokens, $2 per million completion tokens: the recorded answer (16 + 363 tokens) costs 742 µ$. */
export const PAID_MODEL = 'switchyard-test/paid';
export const RECORDED_COST_MICRO = 16 * 1 + 363 * 2;

/** A model whose every endpoint is free (no credits needed, but no debt either). */
export const FREE_MODEL = 'test/free-chat';

export function paidModelConfig() {
  return {
    models: [
      {
        id: PAID_MODEL,
        context_length: 8192,
        endpoints: [{ provider: 'openai', upstream_model: 'gpt-4.1-nano', pricing: { prompt: '0.000001', completion: '0.000002' } }],
      },
      { id: FREE_MODEL, context_length: 8192, endpoints: [{ provider: 'openai', upstream_model: 'gpt-4.1-nano', pricing: { prompt: '0', completion: '0' } }] },
    ],
  };
}

export const HELLO = [{ role: 'user' as const, content: 'Hello' }];

export interface AdminStatement {
  readonly total_credits: number;
  readonly total_usage: number;
  readonly balance: number;
  readonly reserved: number;
  readonly entries: readonly { kind: string; amount: number; generation_id: string | null; key_id: string | null }[];
}

export function adminPost(t: TestGateway, body: unknown, token = ADMIN_TOKEN): Promise<{ status: number; json: Record<string, unknown> }> {
  return callJson(t, 'POST', '/admin/credits', token, body);
}

export async function statement(t: TestGateway, accountId = ACCOUNT_ID): Promise<AdminStatement> {
  const { status, json } = await callJson(t, 'GET', `/admin/credits?account_id=${accountId}`, ADMIN_TOKEN);
  expect(status).toBe(200);
  return json['data'] as AdminStatement;
}

/** Raw POST /chat/completions (status and JSON body), for asserting error bodies exactly. */
export function rawChat(t: TestGateway, body: Record<string, unknown>, apiKey = API_KEY): Promise<{ status: number; json: Record<string, unknown> }> {
  return callJson(t, 'POST', '/chat/completions', apiKey, body);
}

/** Creates an inference key with a spend limit through `POST /keys`; returns its secret. */
export async function limitedKey(t: TestGateway, limitUsd: number, limitReset: string | null = null): Promise<string> {
  const { status, json } = await callJson(t, 'POST', '/keys', PROVISIONING_KEY, { name: `limited ${String(limitUsd)}`, limit: limitUsd, limit_reset: limitReset });
  expect(status).toBe(201);
  return json['key'] as string;
}

export async function currentKey(t: TestGateway, apiKey: string): Promise<Record<string, unknown>> {
  const { status, json } = await callJson(t, 'GET', '/key', apiKey);
  expect(status).toBe(200);
  return json['data'] as Record<string, unknown>;
}

export async function generationCost(t: TestGateway, id: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const response = await call(t, 'GET', `/generation?id=${id}`, API_KEY);
    if (response.status === 200) return ((await response.json()) as { data: { total_cost: number } }).data.total_cost;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`generation ${id} never appeared`);
}
