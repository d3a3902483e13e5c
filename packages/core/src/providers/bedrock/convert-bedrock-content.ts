import type { ContentPart, FilePart, ImagePart } from '@switchyard/protocol';
import { invalidField, parseBase64DataUrl } from '../anthropic/convert-anthropic-content.js';
import type {
  BedrockCachePoint,
  BedrockDocumentBlock,
  BedrockImageBlock,
  BedrockImageFormat,
  BedrockToolResultContent,
} from './bedrock-api-types.js';

export const CACHE_POINT: BedrockCachePoint = { cachePoint: { type: 'default' } };

const IMAGE_FORMATS: Readonly<Record<string, BedrockImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * An image part → `{image: {format, source: {bytes}}}`. Bedrock takes bytes only: the executor
 * downloads http(s) URLs first (the adapter sets `inlineRemoteMedia`), so only data: URLs arrive here.
 */
export function imageBlock(part: ImagePart, field: string): BedrockImageBlock {
  const dataUrl = parseBase64DataUrl(part.image_url.url);
  if (dataUrl === undefined) {
    throw invalidField(`${field}.image_url.url`, 'Amazon Bedrock takes images as base64 data: URLs only');
  }
  const format = IMAGE_FORMATS[dataUrl.mediaType];
  if (format === undefined) {
    throw invalidField(`${field}.image_url.url`, `Amazon Bedrock takes PNG, JPEG, GIF or WebP images, got ${dataUrl.mediaType}`);
  }
  return { image: { format, source: { bytes: dataUrl.data } } };
}

/** base64 of "%PDF" starts with "JVBER": raw base64 PDF data sent without a data: prefix. */
const RAW_BASE64_PDF = /^JVBER[A-Za-z0-9+/=\s]*$/;

/**
 * Bedrock document names allow letters, digits, single spaces, hyphens, parentheses and square
 * brackets; anything else becomes a hyphen. `position` keeps unnamed documents distinct.
 */
export function documentName(filename: string | undefined, position: number): string {
  const base = (filename ?? '').replace(/\.pdf$/i, '').replace(/[^A-Za-z0-9 ()[\]-]/g, '-').replace(/\s+/g, ' ').trim();
  return base === '' ? `document-${position}` : base.slice(0, 200);
}

/** A PDF `file` part → `{document: {format: 'pdf', name, source: {bytes}}}`. */
export function documentBlock(part: FilePart, field: string, position: number): BedrockDocumentBlock {
  const fileData = part.file.file_data;
  if (fileData === undefined) {
    throw invalidField(`${field}.file`, 'Amazon Bedrock needs the file inline in file_data (file_id is not supported)');
  }
  const name = documentName(part.file.filename, position);
  const dataUrl = parseBase64DataUrl(fileData);
  if (dataUrl !== undefined) {
    if (dataUrl.mediaType !== 'application/pdf') {
      throw invalidField(`${field}.file.file_data`, `Amazon Bedrock accepts PDF files only, got ${dataUrl.mediaType}`);
    }
    return { document: { format: 'pdf', name, source: { bytes: dataUrl.data } } };
  }
  if (RAW_BASE64_PDF.test(fileData)) return { document: { format: 'pdf', name, source: { bytes: fileData } } };
  throw invalidField(`${field}.file.file_data`, 'must be a PDF as a base64 data: URL');
}

/**
 * A user or tool content part → Bedrock blocks: the block, then a cache point when the part has
 * `cache_control`. Empty text parts are dropped (Bedrock rejects blank text blocks).
 */
export function contentPartBlocks(part: ContentPart, field: string, position: number): (BedrockToolResultContent | BedrockCachePoint)[] {
  const blocks: (BedrockToolResultContent | BedrockCachePoint)[] = [];
  switch (part.type) {
    case 'text':
      if (part.text !== '') blocks.push({ text: part.text });
      break;
    case 'image_url':
      blocks.push(imageBlock(part, field));
      break;
    case 'file':
      blocks.push(documentBlock(part, field, position));
      break;
    default:
      throw invalidField(`${field}.type`, `Amazon Bedrock does not accept ${part.type} parts`);
  }
  if ('cache_control' in part && part.cache_control !== undefined && blocks.length > 0) blocks.push(CACHE_POINT);
  return blocks;
}
