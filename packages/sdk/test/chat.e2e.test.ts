import { createSpecValidator, readJsonFixture } from '@switchyard/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BadGatewayError, BadRequestError, NotFoundError, Stream, StreamError, TooManyRequestsError, UnauthorizedError, type ChatStreamChunk, type Switchyard } from '../src/index.js';
import { FIXTURES, startTestGateway, userClient, type TestGateway } from './gateway.js';

const spec = createSpecValidator('openrouter');
let t: TestGateway;
let client: Switchyard;

beforeAll(async () => {
  t = await startTestGateway({ keepaliveMs: 100 });
  client = userClient(t, { appTitle: 'SDK Suite', httpReferer: 'https://sdk.example/app' });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

async function collect(stream: AsyncIterable<ChatStreamChunk>): Promise<ChatStreamChunk[]> {
  const chunks: ChatStreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('chat.send against the gateway', () => {
  it('non-streaming: a ChatResponse valid against the spec; the generation records the app headers', async () => {
    t.upstream.next({ json: FIXTURES.anthropicText() });
    const { data: answer, response } = await client.chat
      .send({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(spec.errors('ChatResult', answer)).toEqual([]);
    expect(answer.object).toBe('chat.completion');
    expect(answer.model).toBe('anthropic/claude-sonnet-4.5');
    expect(answer.choices[0]?.message.content).toEqual(expect.any(String));
    expect(answer.usage?.cost).toBeGreaterThan(0);
    expect(t.upstream.requests[0]?.url).toBe('/anthropic/v1/messages');

    const generation = await client.generations.getGeneration({ id: answer.id });
    expect(spec.errors('GenerationResponse', generation)).toEqual([]);
    expect(generation.data).toMatchObject({ id: answer.id, provider_name: 'Anthropic', http_referer: 'https://sdk.example/app', streamed: false });
    expect(generation.data.total_cost).toBe(answer.usage?.cost);
  });

  it('streaming: a Stream of chunks (keep-alive comments skipped), the last with usage and cost', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), delayMs: 350, chunkSize: 200 });
    const stream = await client.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Invent a holiday' }], stream: true });
    expect(stream).toBeInstanceOf(Stream);
    const chunks = await collect(stream);
    for (const chunk of chunks) expect(spec.errors('ChatStreamChunk', chunk)).toEqual([]);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toContain('Harmony Day');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.cost).toBeGreaterThan(0);
    const generation = await client.generations.getGeneration({ id: last?.id ?? '' });
    expect(generation.data.streamed).toBe(true);
    expect(generation.data.total_cost).toBe(last?.usage?.cost);
  });

  it('tee(): two readers of one streamed answer see the same chunks', async () => {
    t.upstream.next({ body: FIXTURES.anthropicStream(), chunkSize: 64 });
    const stream = await client.chat.send({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const [left, right] = stream.tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a.length).toBeGreaterThan(2);
    expect(b).toEqual(a);
  });

  it('a failure after the first token throws a StreamError carrying the error chunk', async () => {
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 300, chunkDelayMs: 5, destroyAfterBytes: 1500 });
    const stream = await client.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(seen.join('')).not.toBe('');
    expect(failure).toBeInstanceOf(StreamError);
    const error = failure as StreamError;
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(error.errorType).toEqual(expect.any(String));
    expect((error.chunk as ChatStreamChunk).choices[0]?.finish_reason).toBe('error');
  });

  it('errors arrive as their classes with the OpenRouter body', async () => {
    const unknown = await client.chat.send({ model: 'openai/gpt-4o-mni', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as NotFoundError).metadata?.['suggestions']).toContain('openai/gpt-4o-mini');
    const invalid = await client.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 7 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect((invalid as BadRequestError).metadata?.['field']).toBe('temperature');
    const stranger = userClient(t, { apiKey: 'sk-sy-v1-unknown' });
    await expect(stranger.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(t.upstream.requests).toEqual([]);
  });

  it('provider failures: 429 with retryAfter, 502 for a quota error, both with the provider error kept', async () => {
    t.upstream.next({ status: 429, json: FIXTURES.gemini429() });
    const limited = await client.chat.send({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TooManyRequestsError);
    const error = limited as TooManyRequestsError;
    expect(error.retryAfter).toBe(35);
    expect(error).toMatchObject({ status: 429, errorType: 'rate_limit_exceeded', metadata: { provider_name: 'Google AI Studio' } });
    expect(JSON.stringify(error.metadata?.['raw'])).toContain('RESOURCE_EXHAUSTED');

    t.upstream.next({ status: 429, json: FIXTURES.openaiQuotaError() });
    const quota = await client.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(quota).toBeInstanceOf(BadGatewayError);
    expect((quota as BadGatewayError).metadata?.['provider_name']).toBe('OpenAI');
  });

  it('maxRetries: a retried 502 succeeds on the next attempt', async () => {
    t.upstream.next({ status: 401, json: { error: { message: 'bad upstream key', type: 'invalid_request_error' } } });
    t.upstream.next({ json: FIXTURES.openaiText() });
    const retries: unknown[] = [];
    const retrying = userClient(t, { maxRetries: 1, debugLogger: (message, details) => (message === 'retrying' ? retries.push(details['status']) : undefined) });
    const answer = await retrying.chat.send({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]?.message.content).toContain('Galaxy Day');
    expect(retries).toEqual([502]);
    expect(t.upstream.requests).toHaveLength(2);
  });

  it('runTools: runs the local function the model calls and sends its result back until it answers', async () => {
    t.upstream.next({ json: readJsonFixture('groq/vercel-ai/groq-tool-call.json') });
    t.upstream.next({ json: FIXTURES.openaiText() });
    const calls: unknown[] = [];
    const result = await client.chat.runTools({
      model: 'meta-llama/llama-3.3-70b-instruct',
      messages: [{ role: 'user', content: 'What is the weather?' }],
      tools: [
        {
          type: 'function',
          function: { name: 'weather', description: 'The weather now', parameters: { type: 'object', properties: {} } },
          run: (args) => {
            calls.push(args);
            return { temperature_c: 21, sky: 'clear' };
          },
        },
      ],
    });
    expect(calls).toEqual([{}]);
    expect(result.rounds).toBe(2);
    expect(result.tool_runs).toEqual([{ id: 'ax9fskhev', name: 'weather', arguments: '{}', result: { temperature_c: 21, sky: 'clear' } }]);
    expect(result.response.choices[0]?.message.content).toContain('Galaxy Day');
    expect(result.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(result.cost).toBeGreaterThan(0);
    const second = t.upstream.requests[1]?.body as { messages: { role: string; content?: unknown; tool_call_id?: string }[] };
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'ax9fskhev', content: '{"temperature_c":21,"sky":"clear"}' });
  });
});
