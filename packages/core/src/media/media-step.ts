import type { ChatCompletionRequest } from '@switchyard/protocol';
import { GatewayError } from '../errors/gateway-error.js';
import { NO_MEDIA_FETCHER, type FetchedMedia, type MediaFetcher } from '../ports/media-fetcher.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { inlineRemoteMedia, type InlineMediaKinds } from './inline-remote-media.js';

export type PreparedRequest =
  | { readonly ok: true; readonly request: ChatCompletionRequest }
  | { readonly ok: false; readonly error: GatewayError };

/** The request each adapter should be given: with remote media inlined for adapters that need it. */
export type MediaStep = (adapter: ProviderAdapter) => Promise<PreparedRequest>;

/**
 * One per executed request. The download runs at most once per kind of adapter (`inlineRemoteMedia`
 * true: images and files; `'files'`: files only), on the first endpoint whose adapter asks for it,
 * and its result (or failure) is reused by every later such endpoint, so a URL that cannot be
 * fetched is not fetched again for each provider; a URL both kinds need is downloaded once. Other
 * adapters get the request as is.
 */
export function createMediaStep(
  request: ChatCompletionRequest,
  fetcher: MediaFetcher | undefined,
  signal: AbortSignal,
): MediaStep {
  const inlined = new Map<InlineMediaKinds, Promise<PreparedRequest>>();
  const once = fetchOnce(fetcher ?? NO_MEDIA_FETCHER);
  return (adapter) => {
    const kinds = kindsOf(adapter);
    if (kinds === undefined) return Promise.resolve({ ok: true, request });
    let prepared = inlined.get(kinds);
    if (prepared === undefined) {
      prepared = inlineRemoteMedia(request, once, { signal, kinds }).then(
        (result): PreparedRequest => ({ ok: true, request: result }),
        (error: unknown): PreparedRequest => ({ ok: false, error: GatewayError.from(error) }),
      );
      inlined.set(kinds, prepared);
    }
    return prepared;
  };
}

function kindsOf(adapter: ProviderAdapter): InlineMediaKinds | undefined {
  if (adapter.inlineRemoteMedia === true) return 'all';
  return adapter.inlineRemoteMedia === 'files' ? 'files' : undefined;
}

/** `fetcher`, downloading each URL once for this request. */
function fetchOnce(fetcher: MediaFetcher): MediaFetcher {
  const fetched = new Map<string, Promise<FetchedMedia>>();
  return {
    fetch(url, options) {
      let media = fetched.get(url);
      if (media === undefined) {
        media = fetcher.fetch(url, options);
        fetched.set(url, media);
      }
      return media;
    },
  };
}
