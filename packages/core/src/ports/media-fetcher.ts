import { GatewayError } from '../errors/gateway-error.js';

/** A downloaded media file: its MIME type and its bytes as base64. */
export interface FetchedMedia {
  /** e.g. "image/png", "application/pdf" (from the Content-Type header, else sniffed from the bytes). */
  readonly mediaType: string;
  /** The bytes, base64-encoded (no `data:` prefix). */
  readonly data: string;
}

export interface MediaFetchOptions {
  readonly signal: AbortSignal;
  /** Overrides the implementation's configured size limit. */
  readonly maxBytes?: number;
}

/**
 * Downloads media that a client referenced by http(s) URL, for providers that only accept inline
 * data. Implementations enforce a size limit, a timeout, a redirect limit and refuse private,
 * loopback and link-local addresses; they reject with a GatewayError (`invalid_request` naming the
 * URL, or `client_closed` when `signal` aborted).
 */
export interface MediaFetcher {
  fetch(url: string, options: MediaFetchOptions): Promise<FetchedMedia>;
}

/** For gateways (and tests) that never download media: every URL is refused with a clear 400. */
export const NO_MEDIA_FETCHER: MediaFetcher = {
  fetch: (url) =>
    Promise.reject(
      new GatewayError('invalid_request', `Cannot download ${url}: this gateway does not fetch remote media; send it as a data: URL.`, {
        metadata: { media_url: url },
      }),
    ),
};
