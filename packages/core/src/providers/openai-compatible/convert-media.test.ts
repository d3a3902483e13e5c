import { parseChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderSettings } from '../provider-adapter.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';

const SETTINGS: ProviderSettings = { id: 'vendor', name: 'Vendor', baseUrl: 'https://api.vendor.test/v1', apiKey: 'k', headers: {}, timeoutMs: 1000 };

function adapter(id: string) {
  const flavor = OPENAI_COMPATIBLE_FLAVORS[id];
  if (flavor === undefined) throw new Error(`no flavor ${id}`);
  return createOpenAiCompatibleAdapter(flavor);
}

/** The content parts sent upstream for one user message `[text, ...parts]` (the text part dropped). */
function sentParts(id: string, ...parts: unknown[]): unknown[] {
  const parsed = parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'Look:' }, ...parts] }] });
  if (!parsed.ok) throw new Error(parsed.message);
  const spec = adapter(id).buildRequest({
    request: parsed.value, upstreamModel: 'vendor-model', settings: SETTINGS, stream: true, maxCompletionTokens: undefined, now: new Date(0),
  });
  const body = JSON.parse(spec.body) as { messages: { content: unknown[] }[] };
  return body.messages[0]?.content.slice(1) ?? [];
}

function rejection(id: string, part: unknown): GatewayError {
  try {
    sentParts(id, part);
  } catch (error) {
    if (GatewayError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('perplexity: documents as its own file_url part (docs.perplexity.ai/docs/sonar/media)', () => {
  it('a file given by http(s) URL goes as file_url.url, the filename as file_name', () => {
    const parts = sentParts('perplexity', { type: 'file', file: { filename: 'report.pdf', file_data: 'https://example.com/report.pdf' } });
    expect(parts).toEqual([{ type: 'file_url', file_url: { url: 'https://example.com/report.pdf' }, file_name: 'report.pdf' }]);
  });

  it('a base64 data: URL goes as the bare base64 bytes (Perplexity wants no data: prefix); no filename, no file_name', () => {
    const parts = sentParts('perplexity', { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } });
    expect(parts).toEqual([{ type: 'file_url', file_url: { url: 'JVBERi0xLjQK' } }]);
  });

  it('images stay image_url parts beside a document', () => {
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const parts = sentParts('perplexity', image, { type: 'file', file: { filename: 'a.docx', file_data: 'https://example.com/a.docx' } });
    expect(parts[0]).toEqual(image);
    expect(parts[1]).toMatchObject({ type: 'file_url', file_name: 'a.docx' });
  });

  it('file_id, a non-base64 data: URL and audio stay a clear 400 naming the part', () => {
    const byId = rejection('perplexity', { type: 'file', file: { file_id: 'file-abc' } });
    expect(byId.status).toBe(400);
    expect(byId.code).toBe('invalid_request');
    expect(byId.message).toBe('Vendor: messages[0].content[1]: this provider needs the file in file.file_data (a base64 data: URL or an http(s) URL); file_id is not supported');
    expect(rejection('perplexity', { type: 'file', file: { file_data: 'data:text/plain,hello' } }).message).toBe(
      'Vendor: messages[0].content[1]: file.file_data must be a base64 data: URL (data:application/pdf;base64,…) or an http(s) URL',
    );
    expect(rejection('perplexity', { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }).message).toContain('does not accept audio input');
  });

  it('declares PDFs native and leaves file URLs for Perplexity to fetch (no download first)', () => {
    expect(adapter('perplexity').capabilities?.pdf).toBe('native');
    expect(adapter('perplexity').inlineRemoteMedia).toBeUndefined();
  });
});

describe('alibaba (DashScope Qwen-Omni): input_audio data as a URL', () => {
  it('bare base64 (what OpenAI clients send) becomes a data:;base64, URL; format is kept', () => {
    const parts = sentParts('alibaba', { type: 'input_audio', input_audio: { data: 'SUQzBAAAAAAA', format: 'mp3' } });
    expect(parts).toEqual([{ type: 'input_audio', input_audio: { data: 'data:;base64,SUQzBAAAAAAA', format: 'mp3' } }]);
  });

  it('data: URLs and http(s) URLs are sent as given', () => {
    const dataUrl = { type: 'input_audio', input_audio: { data: 'data:audio/wav;base64,UklGRg==', format: 'wav' } };
    const remote = { type: 'input_audio', input_audio: { data: 'https://example.com/welcome.mp3', format: 'mp3' } };
    expect(sentParts('alibaba', dataUrl, remote)).toEqual([dataUrl, remote]);
  });

  it('declares audio input native; PDFs stay a clear 400', () => {
    expect(adapter('alibaba').capabilities?.audio_input).toBe('native');
    const error = rejection('alibaba', { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } });
    expect(error.status).toBe(400);
    expect(error.message).toBe('Vendor: messages[0].content[1]: this provider does not accept file (PDF) input');
  });

  it('openai keeps OpenAI’s bare base64 audio unchanged', () => {
    const audio = { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } };
    expect(sentParts('openai', audio)).toEqual([audio]);
  });
});
