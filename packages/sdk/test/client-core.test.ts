import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadGatewayError,
  BadRequestError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  ProviderOverloadedError,
  RequestTimeoutError,
  ServiceUnavailableError,
  Stream,
  StreamError,
  Switchyard,
  TooManyRequestsError,
  UnauthorizedError,
  type Fetch,
} from '../src/index.js';

interface Seen {
  readonly url: string;
  readonly init: RequestInit;
}

/** A fetch that answers from a list (the last answer repeats) and records what it was asked. */
function scriptedFetch(answers: (() => Response | Promise<Response>)[]): { fetch: Fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: Fetch = (url, init) => {
    seen.push({ url, init });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error('no answer scripted');
    return Promise.resolve(answer());
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const errorBody = (code: number, message: string, metadata?: Record<string, unknown>) => ({ error: { code, message, ...(metadata === undefined ? {} : { metadata }) } });
const sse = (text: string) => () => new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });
const chat = { model: 'openai/gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('errors by status', () => {
  const table: [number, new (...args: never[]) => Error][] = [
    [400, BadRequestError],
    [401, UnauthorizedError],
    [402, PaymentRequiredError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [408, RequestTimeoutError],
    [413, PayloadTooLargeError],
    [429, TooManyRequestsError],
    [500, InternalServerError],
    [502, BadGatewayError],
    [503, ServiceUnavailableError],
    [529, ProviderOverloadedError],
  ];
  for (const [status, Class] of table) {
    it(`${String(status)} → ${Class.name}, carrying the OpenRouter error body`, async () => {
      const { fetch } = scriptedFetch([json(status, errorBody(status, `failed ${String(status)}`, { error_code: 'x', provider_name: 'P' }))]);
      const client = new Switchyard({ apiKey: 'k', baseURL: 'http://gw/api/v1', fetch, maxRetries: 0 });
      const error: unknown = await client.models.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toMatchObject({ status, code: status, message: `${String(status)} failed ${String(status)}`, metadata: { error_code: 'x', provider_name: 'P' }, errorCode: 'x' });
    });
  }

  it('a 503 whose error_type is provider_overloaded is a ProviderOverloadedError; 429 has retryAfter', async () => {
    const overloaded = scriptedFetch([json(503, errorBody(503, 'Overloaded', { error_type: 'provider_overloaded' }))]);
    const client = new Switchyard({ baseURL: 'http://gw/api/v1', fetch: overloaded.fetch, maxRetries: 0 });
    const overload = await client.models.count().catch((e: unknown) => e);
    expect(overload).toBeInstanceOf(ProviderOverloadedError);
    expect(overload).toBeInstanceOf(ServiceUnavailableError);
    const limited = scriptedFetch([json(429, errorBody(429, 'Rate limit exceeded'), { 'retry-after': '7' })]);
    const error = await new Switchyard({ baseURL: 'http://gw', fetch: limited.fetch, maxRetries: 0 }).models.count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfter).toBe(7);
  });

  it('a string error code (some streams send "server_error") falls back to the status', async () => {
    const { fetch } = scriptedFetch([json(500, { error: { code: 'server_error', message: 'Internal error' } }), json(502, { error: { code: '502', message: 'bad' } })]);
    const client = new Switchyard({ baseURL: 'http://gw', fetch, maxRetries: 0 });
    expect(await client.models.count().catch((e: unknown) => e)).toMatchObject({ status: 500, code: 500, message: '500 Internal error' });
    expect(await client.models.count().catch((e: unknown) => e)).toMatchObject({ status: 502, code: 502 });
  });

  it('a non-JSON error body becomes the message', async () => {
    const { fetch } = scriptedFetch([() => new Response('<html>bad gateway</html>', { status: 502 })]);
    const error = await new Switchyard({ baseURL: 'http://gw', fetch, maxRetries: 0 }).models.count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadGatewayError);
    expect((error as BadGatewayError).message).toBe('502 <html>bad gateway</html>');
  });
});

describe('retries', () => {
  it('retries 429 and 5xx up to maxRetries, waiting what Retry-After asks', async () => {
    const { fetch, seen } = scriptedFetch([json(429, errorBody(429, 'slow down'), { 'retry-after': '1' }), json(503, errorBody(503, 'down'), { 'retry-after-ms': '10' }), json(200, { data: { count: 3 } })]);
    const client = new Switchyard({ baseURL: 'http://gw', fetch, maxRetries: 2 });
    const started = Date.now();
    expect(await client.models.count()).toEqual({ data: { count: 3 } });
    expect(seen).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after maxRetries and does not retry 400', async () => {
    const failing = scriptedFetch([json(500, errorBody(500, 'boom'), { 'retry-after-ms': '1' })]);
    await expect(new Switchyard({ baseURL: 'http://gw', fetch: failing.fetch, maxRetries: 1 }).models.count()).rejects.toBeInstanceOf(InternalServerError);
    expect(failing.seen).toHaveLength(2);
    const invalid = scriptedFetch([json(400, errorBody(400, 'messages: Required'))]);
    await expect(new Switchyard({ baseURL: 'http://gw', fetch: invalid.fetch, maxRetries: 3 }).models.count()).rejects.toBeInstanceOf(BadRequestError);
    expect(invalid.seen).toHaveLength(1);
  });

  it('a fetch that throws is an APIConnectionError after the retries; a slow one times out', async () => {
    let calls = 0;
    const broken: Fetch = () => {
      calls += 1;
      return Promise.reject(new TypeError('fetch failed'));
    };
    const error = await new Switchyard({ baseURL: 'http://gw', fetch: broken, maxRetries: 1 }).models.count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe('Connection error: fetch failed');
    expect(calls).toBe(2);
    const hanging: Fetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const slow = new Switchyard({ baseURL: 'http://gw', fetch: hanging, maxRetries: 0, timeoutMs: 30 });
    await expect(slow.models.count()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe('requests', () => {
  it('sends the key, app headers, default and per-call headers; withResponse gives the Response', async () => {
    const { fetch, seen } = scriptedFetch([json(200, { data: [] }, { 'x-request-id': 'r1' })]);
    const client = new Switchyard({
      apiKey: 'sk-test',
      baseURL: 'http://gw/api/v1/',
      fetch,
      appTitle: 'My App',
      httpReferer: 'https://my.app',
      defaultHeaders: { 'X-Team': 'a', 'X-Drop': 'b' },
    });
    const { data, response } = await client.apiKeys.list({ include_disabled: true, offset: 5 }, { headers: { 'x-drop': null, 'x-call': 'c' } }).withResponse();
    expect(data).toEqual({ data: [] });
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(seen[0]?.url).toBe('http://gw/api/v1/keys?include_disabled=true&offset=5');
    expect(seen[0]?.init.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer sk-test',
      'x-title': 'My App',
      'http-referer': 'https://my.app',
      'x-team': 'a',
      'x-call': 'c',
    });
  });

  it('reads SWITCHYARD_API_KEY and SWITCHYARD_BASE_URL by default; apiKey null sends no key', async () => {
    const saved = { key: process.env['SWITCHYARD_API_KEY'], url: process.env['SWITCHYARD_BASE_URL'] };
    process.env['SWITCHYARD_API_KEY'] = 'sk-from-env';
    process.env['SWITCHYARD_BASE_URL'] = 'http://env-gw/api/v1';
    try {
      const { fetch, seen } = scriptedFetch([json(200, { data: { count: 1 } })]);
      await new Switchyard({ fetch }).models.count();
      await new Switchyard({ fetch, apiKey: null }).models.count();
      expect(seen.map((call) => [call.url, (call.init.headers as Record<string, string>)['authorization']])).toEqual([
        ['http://env-gw/api/v1/models/count', 'Bearer sk-from-env'],
        ['http://env-gw/api/v1/models/count', undefined],
      ]);
    } finally {
      for (const [name, value] of [['SWITCHYARD_API_KEY', saved.key], ['SWITCHYARD_BASE_URL', saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('a 200 that is not JSON is a SwitchyardError naming the status', async () => {
    const { fetch } = scriptedFetch([() => new Response('<html>captive portal</html>', { status: 200 })]);
    await expect(new Switchyard({ baseURL: 'http://gw', fetch }).models.count()).rejects.toThrow(/The 200 answer is not JSON: <html>captive portal/);
  });

  it('encodes path parameters and sends JSON bodies without the path fields', async () => {
    const { fetch, seen } = scriptedFetch([json(200, { data: {} })]);
    const client = new Switchyard({ baseURL: 'http://gw', fetch });
    await client.apiKeys.update({ hash: 'a/b c', name: 'n', limit: null });
    expect(seen[0]?.url).toBe('http://gw/keys/a%2Fb%20c');
    expect(seen[0]?.init.method).toBe('PATCH');
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ name: 'n', limit: null });
  });

  it('an aborted signal, or close(), rejects with APIUserAbortError and is not retried', async () => {
    const hanging: Fetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const client = new Switchyard({ baseURL: 'http://gw', fetch: hanging, maxRetries: 3 });
    const controller = new AbortController();
    const pending = client.models.count({}, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    const inFlight = client.models.count();
    await client.close();
    await expect(inFlight).rejects.toBeInstanceOf(APIUserAbortError);
    await expect(client.models.count()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('logs requests and answers to debugLogger, never the key', async () => {
    const lines: string[] = [];
    const { fetch } = scriptedFetch([json(200, { data: { count: 1 } })]);
    const client = new Switchyard({ apiKey: 'sk-secret', baseURL: 'http://gw', fetch, debugLogger: (message, details) => lines.push(`${message} ${JSON.stringify(details)}`) });
    await client.models.count();
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['request', 'response']);
    expect(lines.join('\n')).not.toContain('sk-secret');
  });
});

describe('Stream', () => {
  const body = [
    ': OPENROUTER PROCESSING',
    '',
    `data: ${chunk('Hel')}`,
    '',
    `data: ${chunk('lo')}\r\n`,
    `data: ${chunk('', { choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, cost: 0.5 } })}`,
    '',
    'data: [DONE]',
    '',
    `data: ${chunk('after done')}`,
    '',
  ].join('\n');

  it('parses SSE: skips comments, stops at [DONE]; the last chunk has usage with cost', async () => {
    const { fetch, seen } = scriptedFetch([sse(body)]);
    const stream = await new Switchyard({ baseURL: 'http://gw', fetch }).chat.send({ ...chat, stream: true });
    expect(stream).toBeInstanceOf(Stream);
    const chunks = [];
    for await (const part of stream) chunks.push(part);
    expect(chunks.map((part) => part.choices[0]?.delta.content ?? '').join('')).toBe('Hello');
    expect(chunks.at(-1)?.usage?.cost).toBe(0.5);
    expect((seen[0]?.init.headers as Record<string, string>)['accept']).toBe('text/event-stream');
    expect(JSON.parse(String(seen[0]?.init.body))).toMatchObject({ stream: true });
  });

  it('splits events across arbitrary byte boundaries', async () => {
    const bytes = new TextEncoder().encode(body.replaceAll('\n', '\r\n'));
    const pieces = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
          controller.close();
        },
      });
    const { fetch } = scriptedFetch([() => new Response(pieces(), { status: 200 })]);
    const stream = await new Switchyard({ baseURL: 'http://gw', fetch }).chat.send({ ...chat, stream: true });
    const texts: string[] = [];
    for await (const part of stream) texts.push(part.choices[0]?.delta.content ?? '');
    expect(texts).toEqual(['Hel', 'lo', '']);
  });

  it('an error object in a data frame throws a StreamError with the OpenRouter body', async () => {
    const failing = `data: ${chunk('Hi')}\n\ndata: ${JSON.stringify({ id: 'gen-1', error: { code: 502, message: 'Upstream went away', metadata: { error_code: 'upstream_bad_response' } }, choices: [] })}\n\n`;
    const { fetch } = scriptedFetch([sse(failing)]);
    const stream = await new Switchyard({ baseURL: 'http://gw', fetch }).chat.send({ ...chat, stream: true });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const part of stream) texts.push(part.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(texts).toEqual(['Hi']);
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ status: 502, message: '502 Upstream went away', errorCode: 'upstream_bad_response' });
  });

  it('tee() gives two full copies; a stream iterates once; toReadableStream round-trips', async () => {
    const { fetch } = scriptedFetch([sse(body)]);
    const client = new Switchyard({ baseURL: 'http://gw', fetch });
    const [left, right] = (await client.chat.send({ ...chat, stream: true })).tee();
    const read = async (stream: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>) => {
      const out: string[] = [];
      for await (const part of stream) out.push(part.choices[0]?.delta.content ?? '');
      return out;
    };
    expect(await read(left)).toEqual(['Hel', 'lo', '']);
    expect(await read(right)).toEqual(['Hel', 'lo', '']);
    const again = await client.chat.send({ ...chat, stream: true });
    const copy = Stream.fromReadableStream<{ choices: { delta: { content?: string | null } }[] }>(again.toReadableStream());
    expect(await read(copy)).toEqual(['Hel', 'lo', '']);
    expect(() => again[Symbol.asyncIterator]()).toThrow(/consumed stream/);
  });

  it('breaking out of the loop aborts the request through the stream controller', async () => {
    const { fetch, seen } = scriptedFetch([sse(body)]);
    const stream = await new Switchyard({ baseURL: 'http://gw', fetch }).chat.send({ ...chat, stream: true });
    for await (const part of stream) {
      expect(part.id).toBe('gen-1');
      break;
    }
    expect(stream.controller.signal.aborted).toBe(true);
    expect(seen[0]?.init.signal?.aborted).toBe(true);
  });
});
