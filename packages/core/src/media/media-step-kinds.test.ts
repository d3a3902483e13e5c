import { chatCompletionRequestSchema } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import type { MediaFetcher } from '../ports/media-fetcher.js';
import { createOpenAiCompatibleAdapter } from '../providers/openai-compatible/openai-compatible-adapter.js';
import { OPENAI_COMPATIBLE_FLAVORS } from '../providers/openai-compatible/flavors.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { fileNameOf, inlineRemoteMedia } from './inline-remote-media.js';
import { createMediaStep } from './media-step.js';

const signal = new AbortController().signal;
const IMAGE = 'https://img.example/cat.png';
const PDF = 'https://docs.example/reports/q3%20report.pdf';
const request = chatCompletionRequestSchema.parse({
  model: 'x/y',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: IMAGE } },
        { type: 'file', file: { file_data: PDF } },
        { type: 'file', file: { filename: 'named.pdf', file_data: 'https://docs.example/raw' } },
      ],
    },
  ],
});

function recordingFetcher() {
  const calls: string[] = [];
  const fetcher: MediaFetcher = {
    fetch: (url) => {
      calls.push(url);
      return Promise.resolve({ mediaType: url === IMAGE ? 'image/png' : 'application/pdf', data: 'QUJD' });
    },
  };
  return { fetcher, calls };
}

const adapter = (inlineRemoteMedia: ProviderAdapter['inlineRemoteMedia']) => ({ inlineRemoteMedia }) as ProviderAdapter;

describe('inlining file parts only', () => {
  it("downloads file URLs but leaves image URLs for 'files', naming unnamed files after the URL", async () => {
    const { fetcher, calls } = recordingFetcher();
    const out = await inlineRemoteMedia(request, fetcher, { signal, kinds: 'files' });
    expect(calls).toEqual([PDF, 'https://docs.example/raw']);
    expect(out.messages[0]?.content).toEqual([
      { type: 'image_url', image_url: { url: IMAGE } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,QUJD', filename: 'q3%20report.pdf' } },
      { type: 'file', file: { filename: 'named.pdf', file_data: 'data:application/pdf;base64,QUJD' } },
    ]);
  });

  it('media step: one download per URL across kinds, each kind prepared once, URL-taking adapters untouched', async () => {
    const { fetcher, calls } = recordingFetcher();
    const step = createMediaStep(request, fetcher, signal);
    const files = await step(adapter('files'));
    const again = await step(adapter('files'));
    const all = await step(adapter(true));
    const none = await step(adapter(false));
    expect(again).toBe(files);
    expect(calls.sort()).toEqual([IMAGE, PDF, 'https://docs.example/raw'].sort());
    const parts = (prepared: typeof files) => (prepared.ok ? (prepared.request.messages[0]?.content as { type: string; image_url?: { url: string } }[]) : []);
    expect(parts(files)[0]?.image_url?.url).toBe(IMAGE);
    expect(parts(all)[0]?.image_url?.url).toBe('data:image/png;base64,QUJD');
    expect(none).toEqual({ ok: true, request });
  });

  it("openai-compatible adapters whose vendor takes OpenAI's inline file part ask for files only", () => {
    const flavor = (id: string) => OPENAI_COMPATIBLE_FLAVORS[id] ?? OPENAI_COMPATIBLE_FLAVORS['generic'];
    const openai = flavor('openai');
    const groq = flavor('groq');
    if (openai === undefined || groq === undefined) throw new Error('flavors missing');
    expect(createOpenAiCompatibleAdapter(openai).inlineRemoteMedia).toBe('files');
    expect(createOpenAiCompatibleAdapter(groq).inlineRemoteMedia).toBeUndefined();
  });

  it('names a file from the last path segment, or document.pdf', () => {
    expect(fileNameOf('https://a.example/x/Paper.PDF?download=1')).toBe('Paper.PDF');
    expect(fileNameOf('https://a.example/')).toBe('document.pdf');
    expect(fileNameOf('https://a.example/a:b*c.pdf')).toBe('a_b_c.pdf');
  });
});
