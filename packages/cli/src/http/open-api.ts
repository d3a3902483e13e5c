import { asRecord, asString, safeParseJson } from '@switchyard/core';
import { APIConnectionError, APIConnectionTimeoutError, Switchyard } from '@switchyard/sdk';
import type { Command } from 'commander';
import { connectionOf, type Connection } from './connection.js';
import type { GatewayApi } from './gateway-api.js';

const TIMEOUT_MS = 120_000;

/** The gateway API for the running command's --base-url / --api-key, over the SDK. */
export function openApi(command: Command, needsKey: boolean): GatewayApi {
  return sdkApi(connectionOf(command, needsKey));
}

/**
 * No retries: a chat is billed, and a person at a terminal can run the command again. A refused
 * connection says where the CLI looked for the gateway.
 */
export function sdkApi(connection: Connection): GatewayApi {
  const client = new Switchyard({ apiKey: connection.apiKey, baseURL: connection.baseUrl, maxRetries: 0, timeoutMs: TIMEOUT_MS });
  const call = <T>(work: () => Promise<T>): Promise<T> => work().catch((error: unknown) => Promise.reject(explain(error, connection)));
  const split = (id: string): { author: string; slug: string } => {
    const slash = id.indexOf('/');
    return slash === -1 ? { author: id, slug: '' } : { author: id.slice(0, slash), slug: id.slice(slash + 1) };
  };
  return {
    listModels: () => call(async () => (await client.models.list()).data),
    modelEndpoints: (id) => call(async () => (await client.endpoints.list(split(id))).data),
    streamChat: (request) => call(() => client.chat.send({ ...request, messages: [...request.messages], stream: true })),
    generation: (id) => call(async () => (await client.generations.getGeneration({ id })).data),
    activity: (date) => call(async () => (await client.analytics.getUserActivity(date === undefined ? {} : { date })).data),
    activityCsv: (date) => call(() => activityCsv(connection, date)),
  };
}

/** The SDK parses JSON only; the CSV comes straight from `GET /activity?format=csv`. */
async function activityCsv(connection: Connection, date: string | undefined): Promise<string> {
  const query = new URLSearchParams({ format: 'csv', ...(date === undefined ? {} : { date }) });
  const headers: Record<string, string> = connection.apiKey === undefined ? {} : { authorization: `Bearer ${connection.apiKey}` };
  let response: Response;
  try {
    response = await fetch(`${connection.baseUrl}/activity?${query.toString()}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new APIConnectionError('Connection error.', { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${String(response.status)} ${errorMessage(text) ?? response.statusText}`);
  return text;
}

/** OpenRouter's `error.message` of an error body, when it is one. */
function errorMessage(body: string): string | undefined {
  const parsed = safeParseJson(body);
  return parsed.ok ? asString(asRecord(asRecord(parsed.value)?.['error'])?.['message']) : undefined;
}

/** The innermost cause's message: "connect ECONNREFUSED 127.0.0.1:8080" rather than "fetch failed". */
function rootReason(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

function explain(error: unknown, connection: Connection): unknown {
  if (error instanceof APIConnectionTimeoutError) return new Error(`the gateway at ${connection.baseUrl} did not answer within ${String(TIMEOUT_MS / 1000)} s`);
  if (error instanceof APIConnectionError) {
    const reason = rootReason(error);
    return new Error(`cannot reach the gateway at ${connection.baseUrl}: ${reason} (is switchyard serve running? set --base-url or SWITCHYARD_BASE_URL)`);
  }
  return error;
}
