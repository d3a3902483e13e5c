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

export interface KillUnderLoad {
  /** Requests alternate between the two; `victim` is killed. */
  readonly survivor: { readonly name: string; readonly baseURL: string };
  readonly victim: { readonly name: string; readonly baseURL: string };
  /** Keys the requests rotate through (secrets). */
  readonly keys: readonly string[];
  readonly requests: number;
  readonly everyMs: number;
  /** Give up waiting for `killAfterAnswers` answers from the victim after this long. */
  readonly killWithinMs: number;
  readonly killAfterAnswers: number;
  readonly kill: () => Promise<void>;
}

/**
 * Fires requests (two in three streamed) at both processes, one every `everyMs`; once the victim has
 * answered `killAfterAnswers` clients it is killed (`kill`), firing goes on 300 ms more, and every
 * outcome is returned with how many complete answers the victim gave before the kill.
 */
export async function killUnderLoad(plan: KillUnderLoad): Promise<{ outcomes: Outcome[]; answeredByVictim: number }> {
  const shots: Promise<Outcome>[] = [];
  let answeredByVictim = 0;
  let firingUntil = Date.now() + plan.killWithinMs;
  const firing = (async () => {
    for (let i = 0; i < plan.requests && Date.now() < firingUntil; i++) {
      const via = i % 2 === 0 ? plan.survivor : plan.victim;
      const key = plan.keys[i % plan.keys.length];
      if (key === undefined) throw new Error('no key');
      const shot = shoot({ baseURL: via.baseURL, via: via.name, key, stream: i % 3 !== 0, maxTokens: 400 });
      shots.push(shot.then((outcome) => ((answeredByVictim += outcome.via === plan.victim.name && outcome.kind === 'complete' ? 1 : 0), outcome)));
      await sleep(plan.everyMs);
    }
  })();
  while (answeredByVictim < plan.killAfterAnswers && Date.now() < firingUntil) await sleep(5);
  const answeredBeforeKill = answeredByVictim;
  await plan.kill();
  firingUntil = Date.now() + 300;
  await firing;
  return { outcomes: await Promise.all(shots), answeredByVictim: answeredBeforeKill };
}
