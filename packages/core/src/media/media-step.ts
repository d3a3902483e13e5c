import type { ChatCompletionRequest } from '@switchyard/protocol';
import { GatewayError } from '../errors/gateway-error.js';
import { NO_MEDIA_FETCHER, type MediaFetcher } from '../ports/media-fetcher.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { inlineRemoteMedia } from './inline-remote-media.js';

export type PreparedRequest =
  | { readonly ok: true; readonly request: ChatCompletionRequest }
  | { readonly ok: false; readonly error: GatewayError };

/** The request each adapter should be given: with remote media inlined for adapters that need it. */
export type MediaStep = (adapter: ProviderAdapter) => Promise<PreparedRequest>;

/**
 * One per executed request. The download runs at most once, on the first endpoint whose adapter has
 * `inlineRemoteMedia`, and its result (or failure) is reused by every later such endpoint, so a URL
 * that cannot be fetched is not fetched again for each provider. Other adapters get the request as is.
 */
export function createMediaStep(
  request: ChatCompletionRequest,
  fetcher: MediaFetcher | undefined,
  signal: AbortSignal,
): MediaStep {
  let inlined: Promise<PreparedRequest> | undefined;
  return (adapter) => {
    if (adapter.inlineRemoteMedia !== true) return Promise.resolve({ ok: true, request });
    inlined ??= inlineRemoteMedia(request, fetcher ?? NO_MEDIA_FETCHER, { signal }).then(
      (result): PreparedRequest => ({ ok: true, request: result }),
      (error: unknown): PreparedRequest => ({ ok: false, error: GatewayError.from(error) }),
    );
    return inlined;
  };
}
