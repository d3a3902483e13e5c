import { APIPromise } from './api-promise.js';
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, makeAPIError, SwitchyardError } from './errors.js';
import { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, readEnv, type ClientOptions, type DebugLogger, type Fetch, type RequestOptions } from './options.js';
import { retryDelayMs, shouldRetry, sleep } from './retry.js';
import { Stream } from './streaming.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

/** One API call as the resources describe it. */
export interface RequestSpec {
  readonly method: HttpMethod;
  /** Relative to `baseURL`, path parameters already encoded (see {@link path}). */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  readonly body?: unknown;
}

/** A path with its parameters percent-encoded: path`/keys/${hash}`. */
export function path(strings: TemplateStringsArray, ...params: readonly string[]): string {
  return strings.reduce((out, text, i) => `${out}${text}${i < params.length ? encodeURIComponent(params[i] ?? '') : ''}`, '');
}

interface Attempt {
  readonly url: string;
  readonly init: RequestInit;
  readonly timeoutMs: number;
  readonly call: AbortController;
}

/**
 * The transport under every resource: URL and headers, timeouts, retries with `Retry-After`,
 * status → error class, SSE streams, and `close()` aborting whatever is still in flight.
 */
export class HttpClient {
  readonly baseURL: string;
  readonly apiKey: string | undefined;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  private readonly options: ClientOptions;
  private readonly fetchImpl: Fetch;
  private readonly log: DebugLogger | undefined;
  /** Aborted by `close()`: every call's controller follows it. */
  private readonly lifetime = new AbortController();

  constructor(options: ClientOptions = {}) {
    this.options = options;
    this.apiKey = options.apiKey === null ? undefined : (options.apiKey ?? readEnv('SWITCHYARD_API_KEY'));
    this.baseURL = (options.baseURL ?? readEnv('SWITCHYARD_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const fetchImpl = options.fetch ?? (globalThis.fetch as Fetch | undefined);
    if (fetchImpl === undefined) throw new SwitchyardError('No fetch: pass `fetch` in the client options.');
    this.fetchImpl = fetchImpl;
    this.log = options.debugLogger;
  }

  /** Aborts every request and stream in flight; later calls reject with `APIUserAbortError`. */
  close(): Promise<void> {
    this.lifetime.abort(new APIUserAbortError('The client was closed.'));
    return Promise.resolve();
  }

  /** `await using client = new Switchyard(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** A JSON call: the parsed body. */
  request<T>(spec: RequestSpec, options: RequestOptions = {}): APIPromise<T> {
    const call = this.callController(options.signal);
    const response = this.send(spec, options, call, 'application/json');
    return new APIPromise(response, async (answer) => {
      try {
        const text = await answer.text();
        return parseBody<T>(text, answer.status);
      } finally {
        call.release();
      }
    });
  }

  /** A call whose answer is text (e.g. CSV): the body as a string. */
  requestText(spec: RequestSpec, options: RequestOptions = {}, accept = 'text/plain'): APIPromise<string> {
    const call = this.callController(options.signal);
    const response = this.send(spec, options, call, accept);
    return new APIPromise(response, async (answer) => {
      try {
        return await answer.text();
      } finally {
        call.release();
      }
    });
  }

  /** A streaming call: a {@link Stream} of the SSE chunks. */
  requestStream<T>(spec: RequestSpec, options: RequestOptions = {}): APIPromise<Stream<T>> {
    const call = this.callController(options.signal);
    const response = this.send(spec, options, call, 'text/event-stream');
    return new APIPromise(response, (answer) => Promise.resolve(Stream.fromSSEResponse<T>(answer, call.controller, call.release)));
  }

  /** A controller aborted by the caller's signal or `close()`; `release` unhooks it once the call is over. */
  private callController(signal: AbortSignal | undefined): { controller: AbortController; release: () => void } {
    const controller = new AbortController();
    const sources = [this.lifetime.signal, ...(signal === undefined ? [] : [signal])];
    const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
    for (const source of sources) {
      if (source.aborted) controller.abort(source.reason);
      else source.addEventListener('abort', onAbort, { once: true });
    }
    const release = () => {
      for (const source of sources) source.removeEventListener('abort', onAbort);
    };
    return { controller, release };
  }

  private headers(spec: RequestSpec, options: RequestOptions, accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (this.apiKey !== undefined) headers['authorization'] = `Bearer ${this.apiKey}`;
    if (this.options.appTitle !== undefined) headers['x-title'] = this.options.appTitle;
    if (this.options.httpReferer !== undefined) headers['http-referer'] = this.options.httpReferer;
    for (const [name, value] of Object.entries(this.options.defaultHeaders ?? {})) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    return headers;
  }

  private url(spec: RequestSpec): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== null) query.set(name, String(value));
    }
    const search = query.toString();
    return `${this.baseURL}${spec.path}${search === '' ? '' : `?${search}`}`;
  }

  private async send(spec: RequestSpec, options: RequestOptions, call: { controller: AbortController; release: () => void }, accept: string): Promise<Response> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const init: RequestInit = { method: spec.method, headers: this.headers(spec, options, accept) };
    if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
    const attempt: Attempt = { url: this.url(spec), init, timeoutMs: options.timeoutMs ?? this.timeoutMs, call: call.controller };
    try {
      for (let retry = 0; ; retry++) {
        const outcome = await this.attempt(attempt, retry);
        const retryable = outcome instanceof Response ? !outcome.ok && shouldRetry(outcome) : !(outcome instanceof APIUserAbortError);
        if (outcome instanceof Response && outcome.ok) return outcome;
        if (!retryable || retry >= maxRetries) throw outcome instanceof Response ? await errorOf(outcome) : outcome;
        const headers = outcome instanceof Response ? outcome.headers : undefined;
        if (outcome instanceof Response) await outcome.body?.cancel();
        const delay = retryDelayMs(retry, headers);
        this.log?.('retrying', { method: spec.method, url: attempt.url, retry: retry + 1, delayMs: Math.round(delay), status: outcome instanceof Response ? outcome.status : undefined });
        await sleep(delay, call.controller.signal).catch(() => {
          throw new APIUserAbortError();
        });
      }
    } catch (error) {
      call.release();
      throw error;
    }
  }

  /** One fetch: the `Response`, or the error that replaced it (connection, timeout, abort). */
  private async attempt(attempt: Attempt, retry: number): Promise<Response | APIConnectionError | APIUserAbortError> {
    const { call } = attempt;
    if (call.signal.aborted) return new APIUserAbortError();
    const controller = new AbortController();
    const onAbort = () => controller.abort(call.signal.reason);
    call.signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, attempt.timeoutMs);
    const started = Date.now();
    this.log?.('request', { method: attempt.init.method, url: attempt.url, retry });
    try {
      const response = await this.fetchImpl(attempt.url, { ...attempt.init, signal: controller.signal });
      this.log?.('response', { method: attempt.init.method, url: attempt.url, status: response.status, ms: Date.now() - started });
      return response;
    } catch (error) {
      if (timedOut) return new APIConnectionTimeoutError();
      if (call.signal.aborted) return new APIUserAbortError();
      return new APIConnectionError(error instanceof Error ? `Connection error: ${error.message}` : 'Connection error.', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseBody<T>(text: string, status: number): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SwitchyardError(`The ${String(status)} answer is not JSON: ${text.slice(0, 200)}`, { cause: error });
  }
}

async function errorOf(response: Response): Promise<Error> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch (parseError) {
    // Not JSON (a proxy's HTML page, plain text): the text becomes the message.
    body = { error: { code: response.status, message: text.trim() === '' ? String(parseError) : text } };
  }
  return makeAPIError(response.status, body, response.headers);
}
