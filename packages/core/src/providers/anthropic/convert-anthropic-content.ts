import type { ContentPart, FilePart, ImagePart } from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';
import type {
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicTextBlock,
  AnthropicToolResultContent,
  CacheControl,
} from './anthropic-api-types.js';

/** A client error in the request; `field` is the path as users write it (messages[2].content[0]). */
export function invalidField(field: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${field}: ${message}`);
}

/** OpenRouter's `cache_control` on a part or tool, as Anthropic takes it (type + optional ttl). */
export function cacheControlOf(owner: { readonly cache_control?: { readonly type: 'ephemeral'; readonly ttl?: string | undefined } | undefined }): { cache_control?: CacheControl } {
  const control = owner.cache_control;
  if (control === undefined) return {};
  return { cache_control: control.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: control.ttl } };
}

interface DataUrl {
  readonly mediaType: string;
  readonly data: string;
}

/** `data:<media type>;base64,<data>`; undefined for anything else (Anthropic takes base64 only). */
export function parseBase64DataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  const [, mediaType, , data] = match;
  if (mediaType === undefined || data === undefined) return undefined;
  return { mediaType: mediaType.toLowerCase(), data };
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function textBlock(text: string, owner: Parameters<typeof cacheControlOf>[0]): AnthropicTextBlock {
  return { type: 'text', text, ...cacheControlOf(owner) };
}

export function imageBlock(part: ImagePart, field: string): AnthropicImageBlock {
  const url = part.image_url.url;
  const dataUrl = parseBase64DataUrl(url);
  if (dataUrl !== undefined) {
    return { type: 'image', source: { type: 'base64', media_type: dataUrl.mediaType, data: dataUrl.data }, ...cacheControlOf(part) };
  }
  if (isHttpUrl(url)) return { type: 'image', source: { type: 'url', url }, ...cacheControlOf(part) };
  throw invalidField(`${field}.image_url.url`, 'must be an http(s) URL or a base64 data: URL');
}

/** base64 of "%PDF" starts with "JVBER": raw base64 PDF data sent without a data: prefix. */
const RAW_BASE64_PDF = /^JVBER[A-Za-z0-9+/=\s]*$/;

/** PDF `file` parts become `document` blocks (data: URL, raw base64 PDF, or an http(s) URL). */
export function documentBlock(part: FilePart, field: string): AnthropicDocumentBlock {
  const { file_data: fileData, filename } = part.file;
  const title = filename === undefined ? {} : { title: filename };
  if (fileData === undefined) {
    throw invalidField(`${field}.file`, 'Anthropic needs the file inline in file_data (file_id is not supported)');
  }
  const dataUrl = parseBase64DataUrl(fileData);
  if (dataUrl !== undefined) {
    if (dataUrl.mediaType !== 'application/pdf') {
      throw invalidField(`${field}.file.file_data`, `Anthropic accepts PDF files only, got ${dataUrl.mediaType}`);
    }
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: dataUrl.data }, ...title, ...cacheControlOf(part) };
  }
  if (isHttpUrl(fileData)) return { type: 'document', source: { type: 'url', url: fileData }, ...title, ...cacheControlOf(part) };
  if (RAW_BASE64_PDF.test(fileData)) {
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: fileData }, ...title, ...cacheControlOf(part) };
  }
  throw invalidField(`${field}.file.file_data`, 'must be a PDF as a base64 data: URL or an http(s) URL');
}

/** A user or tool content part → an Anthropic block; undefined for an empty text part (Anthropic rejects those). */
export function contentPartBlock(part: ContentPart, field: string): AnthropicToolResultContent | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : textBlock(part.text, part);
    case 'image_url':
      return imageBlock(part, field);
    case 'file':
      return documentBlock(part, field);
    case 'input_audio':
      throw invalidField(field, 'Anthropic does not accept audio input');
    default:
      throw invalidField(field, 'Anthropic does not accept video input');
  }
}

export function contentPartBlocks(parts: readonly ContentPart[], field: string): AnthropicToolResultContent[] {
  const blocks: AnthropicToolResultContent[] = [];
  parts.forEach((part, j) => {
    const block = contentPartBlock(part, `${field}[${j}]`);
    if (block !== undefined) blocks.push(block);
  });
  return blocks;
}
