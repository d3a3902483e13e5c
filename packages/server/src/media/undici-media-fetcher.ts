import { isIP } from 'node:net';
import { GatewayError, type FetchedMedia, type MediaFetcher, type MediaFetchOptions } from '@switchyard/core';
import { Agent, request, type Dispatcher } from 'undici';
import { classifyAddress } from './address-classifier.js';
import {
  ALLOW_ALL,
  BLOCKED_ADDRESS,
  checkAddresses,
  guardedLookup,
  systemResolver,
  type AddressPolicy,
  type Resolver,
} from './guarded-lookup.js';
import { DEFAULT_MEDIA_SETTINGS, type MediaSettings } from './media-settings.js';
import { mediaTypeOf } from './sniff-media-type.js';

export interface MediaFetcherDeps {
  readonly resolve?: Resolver;
  /** Overrides which addresses count as fetchable (tests). */
  readonly policy?: AddressPolicy;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A download the gateway refuses or cannot complete; `reason` ends up in the 400 message. */
class MediaRefusal extends Error {}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The error and its causes, outermost first. */
function causeChain(error: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  for (let current = error; typeof current === 'object' && current !== null && chain.length < 10; ) {
    const record = current as Record<string, unknown>;
    chain.push(record);
    current = record['cause'];
  }
  return chain;
}

/** The innermost error code (ECONNREFUSED rather than undici's wrapping UND_ERR_SOCKET). */
function errorCode(error: unknown): string | undefined {
  return causeChain(error)
    .map((entry) => entry['code'])
    .filter((code): code is string => typeof code === 'string')
    .at(-1);
}

function findBlocked(error: unknown): Error | undefined {
  const blocked = causeChain(error).find((entry) => entry['code'] === BLOCKED_ADDRESS);
  return blocked instanceof Error ? blocked : undefined;
}

/**
 * MediaFetcher over undici with an SSRF guard: http(s) only, every hop's host checked (IP literals
 * directly, names through the guarded DNS lookup the socket connects with), at most `maxRedirects`
 * redirects, a size limit enforced while reading, and one deadline for the whole download.
 */
export class UndiciMediaFetcher implements MediaFetcher {
  private readonly agent: Agent;
  private readonly policy: AddressPolicy;

  constructor(
    private readonly settings: MediaSettings = DEFAULT_MEDIA_SETTINGS,
    deps: MediaFetcherDeps = {},
  ) {
    this.policy = deps.policy ?? (settings.allowPrivateAddresses ? ALLOW_ALL : classifyAddress);
    const lookup = guardedLookup(deps.resolve ?? systemResolver, this.policy);
    this.agent = new Agent({ connect: { lookup }, keepAliveTimeout: 5_000, connections: 32 });
  }

  async fetch(url: string, options: MediaFetchOptions): Promise<FetchedMedia> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = AbortSignal.any([options.signal, timeout]);
    try {
      return await this.download(url, signal, options.maxBytes ?? this.settings.maxBytes);
    } catch (error) {
      if (options.signal.aborted) throw new GatewayError('client_closed', 'The client closed the connection.', { cause: error });
      throw refused(url, this.reason(error, timeout.aborted), error);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private reason(error: unknown, timedOut: boolean): string {
    if (timedOut) return `no complete answer within ${this.settings.timeoutMs} ms`;
    if (error instanceof MediaRefusal) return error.message;
    const blocked = findBlocked(error);
    if (blocked !== undefined) return blocked.message;
    return `the connection failed (${errorCode(error) ?? (error instanceof Error ? error.message : String(error))})`;
  }

  private async download(original: string, signal: AbortSignal, maxBytes: number): Promise<FetchedMedia> {
    let current = original;
    for (let hop = 0; ; hop++) {
      const target = this.checkUrl(current);
      const response = await request(target, {
        method: 'GET',
        dispatcher: this.agent,
        signal,
        headers: { accept: '*/*', 'user-agent': 'Switchyard media fetcher' },
      });
      const location = header(response.headers, 'location');
      if (REDIRECTS.has(response.statusCode)) {
        await response.body.dump();
        if (location === undefined) throw new MediaRefusal(`HTTP ${response.statusCode} redirect without a Location`);
        if (hop >= this.settings.maxRedirects) throw new MediaRefusal(`more than ${this.settings.maxRedirects} redirects`);
        current = new URL(location, target).href;
        continue;
      }
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump();
        throw new MediaRefusal(`the server answered HTTP ${response.statusCode}`);
      }
      const bytes = await readLimited(response, maxBytes);
      return { mediaType: mediaTypeOf(header(response.headers, 'content-type'), bytes), data: bytes.toString('base64') };
    }
  }

  /** http(s) only; an IP-literal host is checked here because sockets do no lookup for it. */
  private checkUrl(text: string): URL {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (url === undefined) throw new MediaRefusal('not a valid URL');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MediaRefusal(`${url.protocol} URLs are not fetched`);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) {
      try {
        checkAddresses(host, [host], this.policy);
      } catch (error) {
        throw new MediaRefusal((error as Error).message);
      }
    }
    return url;
  }
}

async function readLimited(response: Dispatcher.ResponseData, maxBytes: number): Promise<Buffer> {
  const declared = Number(header(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.dump({ limit: 1 });
    throw new MediaRefusal(`it is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new MediaRefusal(`it is more than the ${maxBytes}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function refused(url: string, reason: string, cause: unknown): GatewayError {
  return new GatewayError('invalid_request', `Could not download ${url}: ${reason}`, {
    metadata: { media_url: url },
    cause,
  });
}
