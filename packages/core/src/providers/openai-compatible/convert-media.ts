import { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString } from '../../json.js';
import { DEFAULT_MEDIA, type MediaSupport, type OpenAiCompatibleFlavor } from './flavor.js';

/** Where a part sits (messages[i].content[j]) and who is asked, for the 400 message. */
export interface PartContext {
  readonly field: string;
  readonly provider: string;
}

const DATA_URL = /^data:/i;
/** A base64 data: URL, capturing the bytes after the comma. */
const BASE64_DATA_URL = /^data:[^,]*;base64,(.*)$/is;
/** Already a URL (data: or http(s)) rather than bare base64. */
const URL_FORM = /^(?:data:|https?:\/\/)/i;

function rejected(context: PartContext, what: string): GatewayError {
  return new GatewayError('invalid_request', `${context.provider}: ${context.field}: ${what}`, { provider: context.provider });
}

export function mediaOf(flavor: OpenAiCompatibleFlavor): MediaSupport {
  return flavor.media ?? DEFAULT_MEDIA;
}

/**
 * A non-text content part in the vendor's form. Parts the vendor cannot take are a clear 400 rather
 * than a silent drop (or the vendor's own, vaguer 400).
 */
export function convertMediaPart(part: Record<string, unknown>, flavor: OpenAiCompatibleFlavor, context: PartContext): Record<string, unknown> {
  const media = mediaOf(flavor);
  switch (part['type']) {
    case 'image_url':
      if (!media.image) throw rejected(context, 'this provider does not accept images');
      return part;
    case 'file':
      return convertFile(part, media, context);
    case 'input_audio':
      return convertAudio(part, media, context);
    case 'video_url':
    case 'input_video':
      if (!media.video) throw rejected(context, 'this provider does not accept video input');
      return part;
    default:
      return part;
  }
}

function convertFile(part: Record<string, unknown>, media: MediaSupport, context: PartContext): Record<string, unknown> {
  const file = asRecord(part['file']) ?? {};
  const data = asString(file['file_data']);
  const name = asString(file['filename']);
  switch (media.file) {
    case false:
      throw rejected(context, 'this provider does not accept file (PDF) input');
    case 'passthrough':
      return part;
    case 'inline':
      if (data !== undefined && !DATA_URL.test(data)) {
        throw rejected(context, 'this provider needs file.file_data as a base64 data: URL (data:application/pdf;base64,…), not a URL');
      }
      return part;
    case 'document_url':
      if (data === undefined) throw rejected(context, 'this provider needs the file in file.file_data (a data: URL or an http(s) URL); file_id is not supported');
      return { type: 'document_url', document_url: data, ...(name === undefined ? {} : { document_name: name }) };
    case 'file_url':
      return fileUrlPart(data, name, context);
  }
}

/**
 * Perplexity's document part (docs.perplexity.ai/docs/sonar/media, "Sending Files"):
 * `{type: "file_url", file_url: {url}, file_name?}`, where `url` is a public URL or the base64 bytes
 * "without any prefix" — so a base64 data: URL loses its `data:…;base64,` head.
 */
function fileUrlPart(data: string | undefined, name: string | undefined, context: PartContext): Record<string, unknown> {
  if (data === undefined) throw rejected(context, 'this provider needs the file in file.file_data (a base64 data: URL or an http(s) URL); file_id is not supported');
  let url = data;
  if (DATA_URL.test(data)) {
    const base64 = BASE64_DATA_URL.exec(data)?.[1];
    if (base64 === undefined) throw rejected(context, 'file.file_data must be a base64 data: URL (data:application/pdf;base64,…) or an http(s) URL');
    url = base64;
  }
  return { type: 'file_url', file_url: { url }, ...(name === undefined ? {} : { file_name: name }) };
}

function convertAudio(part: Record<string, unknown>, media: MediaSupport, context: PartContext): Record<string, unknown> {
  if (media.audio === false) throw rejected(context, 'this provider does not accept audio input');
  if (media.audio === 'input_audio') return part;
  const audio = asRecord(part['input_audio']) ?? {};
  const data = asString(audio['data']) ?? '';
  // DashScope (Qwen-Omni) reads `data` as a URL: base64 goes as `data:;base64,<bytes>`, `format` beside
  // it (alibabacloud.com/help/en/model-studio/qwen-omni, "Input Base64 encoded local file").
  if (media.audio === 'input_audio_data_url') {
    return { ...part, input_audio: { ...audio, data: URL_FORM.test(data) ? data : `data:;base64,${data}` } };
  }
  // Mistral's AudioChunk: `input_audio` is the base64 data itself.
  return { type: 'input_audio', input_audio: data };
}
