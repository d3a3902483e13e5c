import { ACCOUNT_ID, ADMIN_TOKEN, MODEL, PROVISIONING_KEY } from './scale-cluster.js';

/** What one client saw: a complete answer (with its generation id), an HTTP error, or a broken connection. */
export type Outcome =
  | { readonly kind: 'complete'; readonly id: string; readonly via: string; readonly key: string; readonly stream: boolean }
  | { readonly kind: 'refused'; readonly status: number; readonly via: string; readonly key: string; readonly message: string }
  | { readonly kind: 'broken'; readonly via: string; readonly key: string; readonly reason: string };

export interface Shot {
  readonly baseURL: string;
  readonly via: string;
  readonly key: string;
  readonly stream: boolean;
  readonly maxTokens: number;
}

const HELLO = [{ role: 'user', content: 'Hello' }];

/** One chat request with plain fetch. A stream is complete only with its usage chunk and `[DONE]`. */
export async function shoot(shot: Shot): Promise<Outcome> {
  const { via, key } = shot;
  try {
    const response = await fetch(`${shot.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: HELLO, max_tokens: shot.maxTokens, stream: shot.stream }),
    });
    const text = await response.text();
    if (response.status !== 200) {
      const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      return { kind: 'refused', status: response.status, via, key, message };
    }
    if (!shot.stream) return { kind: 'complete', id: (JSON.parse(text) as { id: string }).id, via, key, stream: false };
    const id = response.headers.get('x-generation-id');
    if (id === null || !text.includes('data: [DONE]') || !text.includes('"usage"') || text.includes('"finish_reason":"error"')) {
      return { kind: 'broken', via, key, reason: `incomplete stream (${String(text.length)} bytes)` };
    }
    return { kind: 'complete', id, via, key, stream: true };
  } catch (error) {
    return { kind: 'broken', via, key, reason: error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error) };
  }
}

export const completed = (outcomes: readonly Outcome[]) =>
  outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'complete' }> => outcome.kind === 'complete');
export const refused = (outcomes: readonly Outcome[]) =>
  outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'refused' }> => outcome.kind === 'refused');
export const broken = (outcomes: readonly Outcome[]) =>
  outcomes.filter((outcome): outcome is Extract<Outcome, { kind: 'broken' }> => outcome.kind === 'broken');

async function json(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${response.url}: ${String(response.status)} ${JSON.stringify(body)}`);
  return body;
}

/** An inference key (optionally with a spend limit in USD) through `POST /keys`; returns its secret and hash. */
export async function createKey(baseURL: string, name: string, limitUsd: number | null): Promise<{ secret: string; hash: string }> {
  const body = await json(
    await fetch(`${baseURL}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROVISIONING_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, limit: limitUsd }),
    }),
  );
  return { secret: body['key'] as string, hash: (body['data'] as { hash: string }).hash };
}

/** An operator top-up through `POST /admin/credits`. */
export async function topUp(baseURL: string, amountUsd: string, idempotencyKey: string): Promise<void> {
  await json(
    await fetch(`${baseURL}/admin/credits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: ACCOUNT_ID, amount: amountUsd, idempotency_key: idempotencyKey }),
    }),
  );
}

/** `GET /credits` with the provisioning key, in micro-dollars. */
export async function credits(baseURL: string): Promise<{ totalCredits: number; totalUsage: number }> {
  const body = await json(await fetch(`${baseURL}/credits`, { headers: { authorization: `Bearer ${PROVISIONING_KEY}` } }));
  const data = body['data'] as { total_credits: number; total_usage: number };
  return { totalCredits: Math.round(data.total_credits * 1e6), totalUsage: Math.round(data.total_usage * 1e6) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
