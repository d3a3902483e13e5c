import { GatewayError, type HttpRequestSpec, type SendOptions, type UpstreamHttp, type UpstreamResponse } from '@switchyard/core';
import { Agent, request } from 'undici';

const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** UpstreamHttp over one undici Agent: keep-alive connection pools per origin. */
export class UndiciUpstream implements UpstreamHttp {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256 });

  async send(spec: HttpRequestSpec, options: SendOptions): Promise<UpstreamResponse> {
    let response;
    try {
      response = await request(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: options.signal,
        dispatcher: this.agent,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
    } catch (error) {
      throw transportError(error, spec.url, options);
    }
    const { body } = response;
    return {
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body: mapErrors(body, spec.url, options),
      text: async () => {
        try {
          const text = await body.text();
          return text.length > MAX_TEXT_BYTES ? text.slice(0, MAX_TEXT_BYTES) : text;
        } catch (error) {
          throw transportError(error, spec.url, options);
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

async function* mapErrors(body: AsyncIterable<Uint8Array>, url: string, options: SendOptions) {
  try {
    yield* body;
  } catch (error) {
    throw transportError(error, url, options);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

/** Transport failures as GatewayErrors: aborted by the client, timed out, or the provider unreachable. */
export function transportError(error: unknown, url: string, options: SendOptions): GatewayError {
  if (GatewayError.is(error)) return error;
  const host = safeHost(url);
  const code = errorCode(error);
  if (options.signal.aborted || code === 'UND_ERR_ABORTED' || (error instanceof Error && error.name === 'AbortError')) {
    return new GatewayError('client_closed', 'The client closed the connection.', { cause: error });
  }
  const meta = { provider: options.provider, cause: error, metadata: { transport_error: code ?? 'unknown' } };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError('upstream_timeout', `${options.provider} (${host}) did not answer within ${options.timeoutMs} ms`, meta);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new GatewayError('upstream_unavailable', `${options.provider} (${host}) is unreachable: ${code ?? detail}`, meta);
}

function safeHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}
