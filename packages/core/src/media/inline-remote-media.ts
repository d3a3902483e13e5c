import type { ChatCompletionRequest, ChatMessage, ContentPart } from '@switchyard/protocol';
import { GatewayError } from '../errors/gateway-error.js';
import type { MediaFetcher } from '../ports/media-fetcher.js';

/** Downloads running at once for one request. */
export const DEFAULT_MEDIA_CONCURRENCY = 4;

const REMOTE_URL = /^https?:\/\//i;

/** Which parts' URLs are downloaded: image and file parts, or file parts only. */
export type InlineMediaKinds = 'all' | 'files';

export interface InlineMediaOptions {
  readonly signal: AbortSignal;
  readonly concurrency?: number;
  /** Default `all`. */
  readonly kinds?: InlineMediaKinds;
}

function partsOf(message: ChatMessage): readonly ContentPart[] {
  const content: unknown = message.content;
  return Array.isArray(content) ? (content as ContentPart[]) : [];
}

/** The URL an image or file part points at (file parts: `file_data` when it is a URL). */
function mediaUrlOf(part: ContentPart, kinds: InlineMediaKinds): string | undefined {
  if (part.type === 'image_url') return kinds === 'all' ? part.image_url.url : undefined;
  if (part.type === 'file') return part.file.file_data;
  return undefined;
}

/** The last path segment of a file URL (still URL-encoded), for a file part without a filename; "document.pdf" if none. */
export function fileNameOf(url: string): string {
  const segment = URL.canParse(url) ? (new URL(url).pathname.split('/').pop() ?? '') : '';
  const name = segment.replace(/[\\:*?"<>|]/g, '_').trim();
  return name === '' ? 'document.pdf' : name;
}

/** Every distinct http(s) URL of image_url (with `kinds` all) and file parts, in order of first appearance. */
export function remoteMediaUrls(request: ChatCompletionRequest, kinds: InlineMediaKinds = 'all'): string[] {
  const urls = new Set<string>();
  for (const message of request.messages) {
    for (const part of partsOf(message)) {
      const url = mediaUrlOf(part, kinds);
      if (url !== undefined && REMOTE_URL.test(url)) urls.add(url);
    }
  }
  return [...urls];
}

/**
 * For providers that only take inline data: downloads every http(s) image/file URL of the request
 * (each distinct URL once, at most `concurrency` at a time) and returns the request with
 * `data:<type>;base64,…` URLs in their place. The request is returned as is when it has none.
 * Rejects with the fetcher's GatewayError (`invalid_request` naming the URL) on the first failure.
 */
export async function inlineRemoteMedia(
  request: ChatCompletionRequest,
  fetcher: MediaFetcher,
  options: InlineMediaOptions,
): Promise<ChatCompletionRequest> {
  const kinds = options.kinds ?? 'all';
  const urls = remoteMediaUrls(request, kinds);
  if (urls.length === 0) return request;
  const dataUrls = await fetchAll(urls, fetcher, options);
  return { ...request, messages: request.messages.map((message) => replaceInMessage(message, dataUrls, kinds)) };
}

async function fetchAll(
  urls: readonly string[],
  fetcher: MediaFetcher,
  options: InlineMediaOptions,
): Promise<ReadonlyMap<string, string>> {
  const results = new Map<string, string>();
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal.addEventListener('abort', stop, { once: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length && !controller.signal.aborted) {
      const url = urls[next++] as string;
      results.set(url, await fetchOne(url, fetcher, controller.signal, options.signal));
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_MEDIA_CONCURRENCY, urls.length));
  try {
    await Promise.all(Array.from({ length: workers }, () => worker().catch((error: unknown) => {
      controller.abort();
      throw error;
    })));
  } finally {
    options.signal.removeEventListener('abort', stop);
  }
  return results;
}

async function fetchOne(url: string, fetcher: MediaFetcher, signal: AbortSignal, client: AbortSignal): Promise<string> {
  try {
    const media = await fetcher.fetch(url, { signal });
    return `data:${media.mediaType};base64,${media.data}`;
  } catch (error) {
    if (client.aborted) throw new GatewayError('client_closed', 'The client closed the connection.', { cause: error });
    if (GatewayError.is(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError('invalid_request', `Could not download ${url}: ${reason}`, {
      metadata: { media_url: url },
      cause: error,
    });
  }
}

/** A downloaded file part keeps its filename, or gets the URL's (providers such as OpenAI need one). */
function replacePart(part: ContentPart, dataUrls: ReadonlyMap<string, string>, kinds: InlineMediaKinds): ContentPart {
  const url = mediaUrlOf(part, kinds);
  const dataUrl = url === undefined ? undefined : dataUrls.get(url);
  if (url === undefined || dataUrl === undefined) return part;
  if (part.type === 'image_url') return { ...part, image_url: { ...part.image_url, url: dataUrl } };
  if (part.type === 'file') return { ...part, file: { ...part.file, file_data: dataUrl, filename: part.file.filename ?? fileNameOf(url) } };
  return part;
}

function replaceInMessage(message: ChatMessage, dataUrls: ReadonlyMap<string, string>, kinds: InlineMediaKinds): ChatMessage {
  const parts = partsOf(message);
  if (parts.length === 0 || !parts.some((part) => dataUrls.has(mediaUrlOf(part, kinds) ?? ''))) return message;
  return { ...message, content: parts.map((part) => replacePart(part, dataUrls, kinds)) } as ChatMessage;
}
