import { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString } from '../../json.js';
import { DEFAULT_MEDIA, type MediaSupport, type OpenAiCompatibleFlavor } from './flavor.js';

/** Where a part sits (messages[i].content[j]) and who is asked, for the 400 message. */
export interface PartContext {
  readonly field: string;
  readonly provider: string;
}

const DATA_URL = /^data:/i;

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
  }
}

function convertAudio(part: Record<string, unknown>, media: MediaSupport, context: PartContext): Record<string, unknown> {
  if (media.audio === false) throw rejected(context, 'this provider does not accept audio input');
  if (media.audio === 'input_audio') return part;
  // Mistral's AudioChunk: `input_audio` is the base64 data itself.
  const data = asString(asRecord(part['input_audio'])?.['data']) ?? '';
  return { type: 'input_audio', input_audio: data };
}
