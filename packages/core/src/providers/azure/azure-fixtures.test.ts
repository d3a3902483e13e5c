import { parseChatCompletionRequest } from '@switchyard/protocol';
import { chunksToSse, createSpecValidator, indexRows, readFixture, readJsonFixture, sseToFrames } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import type { BuildContext, ProviderAdapter } from '../provider-adapter.js';
import { azureAdapter, azureResponsesAdapter } from './azure-adapter.js';

/**
 * Every INDEX.md row of `azure` is replayed: the Responses API recordings through the Azure
 * Responses adapter, the DeepSeek-on-Azure recordings (Chat Completions bodies) through the Azure
 * Chat Completions adapter. Multi-step stream recordings are split at `response.created`.
 */
const CHAT_FILES = new Set(['azure/vercel-ai/azure-deepseek-reasoning.1.chunks.txt', 'azure/vercel-ai/azure-deepseek-reasoning.1.json']);
const files = indexRows('azure').map((row) => row.file);

function adapterFor(file: string): ProviderAdapter {
  return CHAT_FILES.has(file) ? azureAdapter : azureResponsesAdapter;
}

function serializable(events: readonly CanonicalEvent[]): unknown[] {
  return events.map((event) => (event.type === 'error' ? { type: 'error', error: { code: event.error.code, message: event.error.message } } : event));
}

function replayStream(adapter: ProviderAdapter, sse: string): CanonicalEvent[] {
  const decoder = adapter.createStreamDecoder('Azure');
  return [...sseToFrames(sse).flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function replay(file: string): CanonicalEvent[][] {
  const adapter = adapterFor(file);
  if (file.endsWith('.json')) return [[...adapter.parseResponse(readJsonFixture(file), 'Azure')]];
  if (CHAT_FILES.has(file)) return [replayStream(adapter, chunksToSse(file))];
  const segments: string[][] = [];
  for (const line of readFixture(file).split('\n').filter((l) => l.trim() !== '')) {
    if (segments.length === 0 || line.startsWith('{"type":"response.created"')) segments.push([]);
    segments.at(-1)?.push(line);
  }
  return segments.map((lines) => replayStream(adapter, lines.map((line) => `data: ${line}\n\n`).join('')));
}

describe('fixture coverage', () => {
  it('azure: every INDEX.md row is replayed', () => {
    expect(files.length).toBe(18);
    for (const file of CHAT_FILES) expect(files).toContain(file);
  });
});

describe('replay of recorded Azure traffic', () => {
  for (const file of files) {
    it(file, async () => {
      const responses = replay(file);
      for (const events of responses) {
        expect(events[0]?.type).toBe('response-start');
        expect(events.at(-1)?.type).toBe('finish');
        const usage = events.find((e) => e.type === 'usage');
        expect(usage?.type === 'usage' && usage.usage.promptTokens !== undefined && usage.usage.completionTokens !== undefined).toBe(true);
      }
      const all = responses.flat();
      const text = all.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
      const tools = all.filter((e) => e.type === 'tool-call-delta');
      expect(text.length > 0 || tools.length > 0).toBe(true);
      if (file.includes('reasoning-encrypted-content')) {
        const encrypted = all.find((e) => e.type === 'reasoning-detail');
        expect(encrypted?.type === 'reasoning-detail' && encrypted.detail).toMatchObject({ type: 'reasoning.encrypted', format: 'azure-openai-responses-v1' });
      }
      if (file.includes('web-search')) expect(all.some((e) => e.type === 'annotation')).toBe(true);
      await expect(JSON.stringify(responses.map(serializable), null, 2)).toMatchFileSnapshot(`./__snapshots__/fixtures/${file}.events.json`);
    });
  }
});

function context(request: Record<string, unknown>, options: Record<string, string> = {}): BuildContext {
  const parsed = parseChatCompletionRequest({ model: 'openai/gpt-4o', ...request });
  if (!parsed.ok) throw new Error(parsed.message);
  return {
    request: parsed.value,
    upstreamModel: 'my gpt-4o',
    settings: { id: 'azure', name: 'Azure', baseUrl: 'https://acme.openai.azure.com', apiKey: 'az-key', headers: {}, timeoutMs: 1000, options },
    stream: true,
    maxCompletionTokens: undefined,
    now: new Date('2026-01-01T00:00:00Z'),
  };
}

describe('Azure requests', () => {
  const openAiSpec = createSpecValidator('openai');

  it('Chat Completions go to the deployment URL with api-version and the api-key header', () => {
    const spec = azureAdapter.buildRequest(context({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10 }, { api_version: '2024-10-21' }));
    expect(spec.url).toBe('https://acme.openai.azure.com/openai/deployments/my%20gpt-4o/chat/completions?api-version=2024-10-21');
    expect(spec.headers['api-key']).toBe('az-key');
    expect(spec.headers['Authorization']).toBeUndefined();
    const body = JSON.parse(spec.body) as Record<string, unknown>;
    expect(openAiSpec.errors('CreateChatCompletionRequest', body)).toEqual([]);
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_completion_tokens: 10 });
  });

  it('uses the default api-version when none is configured', () => {
    expect(azureAdapter.buildRequest(context({ messages: [{ role: 'user', content: 'Hi' }] })).url).toMatch(/\?api-version=2025-04-01-preview$/);
  });

  it('the Responses API goes to /openai/v1/responses with the deployment as model', () => {
    const spec = azureResponsesAdapter.buildRequest(context({ messages: [{ role: 'user', content: 'Hi' }] }));
    expect(spec.url).toBe('https://acme.openai.azure.com/openai/v1/responses');
    expect(spec.headers['api-key']).toBe('az-key');
    expect(JSON.parse(spec.body)).toMatchObject({ model: 'my gpt-4o', store: false, stream: true });
    const preview = azureResponsesAdapter.buildRequest(context({ messages: [{ role: 'user', content: 'Hi' }] }, { responses_api_version: 'preview' }));
    expect(preview.url).toBe('https://acme.openai.azure.com/openai/v1/responses?api-version=preview');
  });
});

describe('Azure content filtering', () => {
  // Azure's documented 400 for a filtered prompt (no recording exists in ../shared/fixtures).
  const filtered = {
    error: {
      message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: { hate: { filtered: true, severity: 'high' }, violence: { filtered: false, severity: 'safe' } },
      },
    },
  };

  it('a content_filter 400 is content_filtered with the raw body kept', () => {
    for (const adapter of [azureAdapter, azureResponsesAdapter]) {
      const error = adapter.mapError({ status: 400, headers: {}, body: filtered }, 'Azure');
      expect(error.code).toBe('content_filtered');
      expect(error.message).toMatch(/^Azure: The response was filtered/);
      expect(error.options.raw).toEqual(filtered);
    }
  });

  it('an innererror content_filter_result alone is enough', () => {
    const body = { error: { ...filtered.error, code: 'BadRequest' } };
    expect(azureAdapter.mapError({ status: 400, headers: {}, body }, 'Azure').code).toBe('content_filtered');
  });

  it('context length and rate limits keep their codes', () => {
    const tooLong = { error: { message: "This model's maximum context length is 128000 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } };
    expect(azureAdapter.mapError({ status: 400, headers: {}, body: tooLong }, 'Azure').code).toBe('context_length_exceeded');
    const limited = azureAdapter.mapError({ status: 429, headers: { 'retry-after': '3' }, body: { error: { code: '429', message: 'Rate limit' } } }, 'Azure');
    expect([limited.code, limited.options.retryAfterMs]).toEqual(['upstream_rate_limited', 3000]);
  });

  it('a streamed finish_reason content_filter finishes with content_filter', () => {
    const chunk = (choice: Record<string, unknown>) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o', choices: [{ index: 0, ...choice }] })}\n\n`;
    const sse = chunk({ delta: { role: 'assistant', content: 'Partial' } }) + chunk({ delta: {}, finish_reason: 'content_filter' }) + 'data: [DONE]\n\n';
    const events = replayStream(azureAdapter, sse);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'content_filter', native: 'content_filter' });
  });

  it('an incomplete Responses answer for content_filter finishes with content_filter', () => {
    const body = { object: 'response', id: 'resp_1', model: 'gpt-5', status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [], usage: { input_tokens: 5, output_tokens: 0 } };
    expect(azureResponsesAdapter.parseResponse(body, 'Azure').at(-1)).toEqual({ type: 'finish', reason: 'content_filter', native: 'content_filter' });
    const cut = { ...body, incomplete_details: { reason: 'max_output_tokens' } };
    expect(azureResponsesAdapter.parseResponse(cut, 'Azure').at(-1)).toEqual({ type: 'finish', reason: 'length', native: 'max_output_tokens' });
  });
});
