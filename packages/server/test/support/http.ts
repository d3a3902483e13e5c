import type { TestGateway } from './harness.js';

/**
 * A raw request to the gateway's API (`route` under `/api/v1`) with `key` as the bearer (no
 * authorization header when it is undefined) and `body`, when given, as JSON.
 */
export function call(t: TestGateway, method: string, route: string, key: string | undefined, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
  return fetch(`${t.baseURL}${route}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** `call`, answering the status and the parsed JSON body. */
export async function callJson(
  t: TestGateway,
  method: string,
  route: string,
  key: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await call(t, method, route, key, body);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
