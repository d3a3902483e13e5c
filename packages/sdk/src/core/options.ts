/** The `fetch` the client calls; `globalThis.fetch` by default. Any WHATWG-compatible one fits. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Receives one line per request, answer and retry (never the API key). */
export type DebugLogger = (message: string, details: Readonly<Record<string, unknown>>) => void;

export interface ClientOptions {
  /**
   * Sent as `Authorization: Bearer …`; defaults to `process.env.SWITCHYARD_API_KEY`. `null` sends
   * no key at all (OAuth's code exchange needs none).
   */
  readonly apiKey?: string | null | undefined;
  /** The API root, e.g. `http://localhost:8080/api/v1`; defaults to `process.env.SWITCHYARD_BASE_URL`, then that URL. */
  readonly baseURL?: string | undefined;
  /** Headers sent with every request (per-call `headers` win; `null` there removes one). */
  readonly defaultHeaders?: Readonly<Record<string, string>> | undefined;
  /** Your app's name, sent as `X-Title` (shown in generations and activity). */
  readonly appTitle?: string | undefined;
  /** Your app's URL, sent as `HTTP-Referer`. */
  readonly httpReferer?: string | undefined;
  /** Time allowed for each attempt to get the answer's headers, in ms (default 10 minutes). */
  readonly timeoutMs?: number | undefined;
  /** Retries after a connection error, a timeout, 408, 409, 429 or 5xx (default 2), honouring `Retry-After`. */
  readonly maxRetries?: number | undefined;
  /** A custom `fetch` (tests, proxies, other runtimes). */
  readonly fetch?: Fetch | undefined;
  readonly debugLogger?: DebugLogger | undefined;
}

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Extra headers for this call; `null` removes a default one. */
  readonly headers?: Readonly<Record<string, string | null>> | undefined;
  /** Aborts the call (and its stream): the call rejects with `APIUserAbortError`. */
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxRetries?: number | undefined;
}

export const DEFAULT_BASE_URL = 'http://localhost:8080/api/v1';
export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_RETRIES = 2;

/** An environment variable when the runtime has `process.env` (Node, Bun, Deno with compat). */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
