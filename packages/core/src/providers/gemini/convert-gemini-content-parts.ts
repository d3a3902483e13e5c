import type { ContentPart } from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GeminiPart } from './gemini-api-types.js';

/** What a URL without a telling extension most likely is, per kind of content part. */
const DEFAULT_MIME = { image: 'image/jpeg', file: 'application/pdf', video: 'video/mp4' } as const;
type MediaKind = keyof typeof DEFAULT_MIME;

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  html: 'text/html',
  csv: 'text/csv',
  md: 'text/md',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  mov: 'video/mov',
  webm: 'video/webm',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
};

/** `data:<mime>;base64,<data>` → its parts; undefined for anything else. */
export function parseDataUrl(url: string): { mimeType: string | undefined; data: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  const mimeType = match[1] === undefined || match[1] === '' ? undefined : match[1];
  return { mimeType, data: match[3] ?? '' };
}

/** The MIME type an http(s)/gs URL's file extension implies, else the kind's default. */
export function mimeTypeFromUrl(url: string, kind: MediaKind): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension === undefined ? undefined : MIME_BY_EXTENSION[extension]) ?? DEFAULT_MIME[kind];
}

function isRemoteUrl(url: string): boolean {
  return /^(https?|gs):\/\//i.test(url);
}

/** An image/video/file reference as a Gemini part: data URL → inlineData, remote URL → fileData. */
function mediaPart(url: string, kind: MediaKind, field: string): GeminiPart {
  const inline = parseDataUrl(url);
  if (inline !== undefined) return { inlineData: { mimeType: inline.mimeType ?? DEFAULT_MIME[kind], data: inline.data } };
  if (isRemoteUrl(url)) return { fileData: { fileUri: url, mimeType: mimeTypeFromUrl(url, kind) } };
  throw new GatewayError('invalid_request', `${field}: expected a base64 data: URL or an http(s) URL`);
}

function filePart(file: { file_data?: string | undefined; file_id?: string | undefined }, field: string): GeminiPart {
  const data = file.file_data;
  if (data === undefined || data === '') {
    throw new GatewayError('invalid_request', `${field}.file.file_data: Gemini needs the file content (file_id is not supported)`);
  }
  if (data.startsWith('data:') || isRemoteUrl(data)) return mediaPart(data, 'file', `${field}.file.file_data`);
  // Bare base64 (OpenAI's file_data is usually a data URL, but raw base64 PDFs are common).
  return { inlineData: { mimeType: DEFAULT_MIME.file, data } };
}

function audioMimeType(format: string): string {
  const lower = format.toLowerCase();
  return lower.includes('/') ? lower : `audio/${lower === 'mpeg' ? 'mp3' : lower}`;
}

/** One OpenAI content part → one Gemini part. `field` names it for error messages (`messages[0].content[1]`). */
export function convertContentPart(part: ContentPart, field: string): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url':
      return mediaPart(part.image_url.url, 'image', `${field}.image_url.url`);
    case 'input_audio':
      return { inlineData: { mimeType: audioMimeType(part.input_audio.format), data: part.input_audio.data } };
    case 'file':
      return filePart(part.file, field);
    case 'video_url':
    case 'input_video':
      return mediaPart(part.video_url.url, 'video', `${field}.video_url.url`);
  }
}

/** String or part-array content → Gemini parts. */
export function convertContent(content: string | readonly ContentPart[], field: string): GeminiPart[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, index) => convertContentPart(part, `${field}[${index}]`));
}

/** Text of string or part-array content (non-text parts ignored). */
export function contentText(content: string | readonly ContentPart[] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}
