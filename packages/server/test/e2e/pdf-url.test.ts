import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';
import { LOOPBACK_MEDIA_CONFIG, startMediaServer, type MediaServer } from '../support/media-server.js';

/**
 * PDFs by URL to OpenAI Chat Completions, which takes `file` parts as base64 `file_data` only: the
 * gateway downloads the file (its media fetcher: size limit, timeout, SSRF guard, here opened to a
 * loopback media server by `media.allow_private_addresses`) and sends a data: URL with a filename,
 * while image URLs still go to OpenAI as URLs.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
let t: TestGateway;
let client: OpenAI;
let media: MediaServer;

interface SentPart {
  type: string;
  file?: { file_data?: string; filename?: string };
  image_url?: { url: string };
}
const sentParts = () => (t.upstream.requests[0]?.body as { messages: { content: SentPart[] }[] }).messages[0]?.content ?? [];

beforeAll(async () => {
  media = await startMediaServer({ '/papers/attention.pdf': { status: 200, headers: { 'content-type': 'application/pdf' }, body: PDF } });
  t = await startTestGateway({ config: LOOPBACK_MEDIA_CONFIG });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await t.close();
  await media.close();
});
beforeEach(() => {
  t.upstream.reset();
  media.hits.length = 0;
});

describe('OpenAI: PDF file parts by URL', () => {
  it('downloads the PDF and sends base64 file_data with a filename; the image URL stays a URL', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const image = 'https://images.example/cat.png';
    const completion = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Summarise the paper and describe the picture.' },
            { type: 'file', file: { file_data: `${media.url}/papers/attention.pdf` } },
            { type: 'image_url', image_url: { url: image } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(media.hits).toEqual(['/papers/attention.pdf']);
    expect(t.upstream.requests[0]?.url).toBe('/openai/v1/chat/completions');
    expect(sentParts()).toEqual([
      { type: 'text', text: 'Summarise the paper and describe the picture.' },
      { type: 'file', file: { file_data: `data:application/pdf;base64,${PDF.toString('base64')}`, filename: 'attention.pdf' } },
      { type: 'image_url', image_url: { url: image } },
    ]);
  });

  it('keeps the filename the client gave', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'paper.pdf', file_data: `${media.url}/papers/attention.pdf` } }] }],
    });
    expect(sentParts()[0]?.file?.filename).toBe('paper.pdf');
  });

  it('answers a file URL that cannot be downloaded with a 400 naming it, without calling OpenAI', async () => {
    const missing = `${media.url}/papers/missing.pdf`;
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: missing } }] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain(`Could not download ${missing}`);
    expect(t.upstream.requests).toHaveLength(0);
  });
});
