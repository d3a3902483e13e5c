import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@switchyard/test-support';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

const spec = createSpecValidator('openrouter');
let t: TestGateway;
let sdk: OpenRouter;

beforeAll(async () => {
  t = await startTestGateway();
  sdk = new OpenRouter({ apiKey: API_KEY, serverURL: t.baseURL });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

describe('@openrouter/sdk against the gateway', () => {
  it('chat.send non-streaming through an Anthropic upstream', async () => {
    t.upstream.next({ json: FIXTURES.anthropicText() });
    const result = await sdk.chat.send({
      httpReferer: 'https://example.test/app',
      appTitle: 'E2E Suite',
      chatRequest: { model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] },
    });
    if (!('choices' in result)) throw new Error('expected a ChatResult');
    expect(result.model).toBe('anthropic/claude-sonnet-4.5');
    expect(typeof result.choices[0]?.message.content).toBe('string');
    expect(result.usage?.totalTokens).toBeGreaterThan(0);
    const sent = t.upstream.requests[0];
    expect(sent?.url).toBe('/anthropic/v1/messages');
    expect(sent?.headers['x-api-key']).toBe('sk-upstream-anthropic');
    expect(sent?.body).toMatchObject({ model: 'claude-sonnet-4-5', system: [{ type: 'text', text: 'Be brief.' }] });

    const generation = await sdk.generations.getGeneration({ id: result.id });
    expect(generation.data.id).toBe(result.id);
    expect(generation.data.providerName).toBe('Anthropic');
    expect(generation.data.httpReferer).toBe('https://example.test/app');
    expect(generation.data.totalCost).toBeGreaterThan(0);
  });

  it('chat.send streaming through a Gemini upstream', async () => {
    t.upstream.next({ body: FIXTURES.geminiStream(), chunkSize: 128 });
    const stream = await sdk.chat.send({
      chatRequest: { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'Hello' }], stream: true },
    });
    if ('choices' in stream) throw new Error('expected a stream');
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    expect(chunks.at(-1)?.usage?.totalTokens).toBeGreaterThan(0);
    expect(t.upstream.requests[0]?.url).toBe('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('models.list, endpoints.list and apiKeys.getCurrentKeyMetadata validate', async () => {
    const raw = (await (await fetch(`${t.baseURL}/models`)).json()) as unknown;
    expect(spec.errors('ModelsListResponse', raw)).toEqual([]);
    const pages = await sdk.models.list();
    const ids: string[] = [];
    for await (const page of pages) ids.push(...page.result.data.map((m) => m.id));
    expect(ids).toContain('anthropic/claude-sonnet-4.5');
    expect(ids).toContain('openai/gpt-4o');
    expect(ids).not.toContain('mistralai/mistral-medium-3.5');

    const endpoints = await sdk.endpoints.list({ author: 'meta-llama', slug: 'llama-3.3-70b-instruct' });
    expect(endpoints.data.endpoints.map((e) => e.tag)).toEqual(['groq']);
    expect(endpoints.data.endpoints[0]?.pricing.prompt).toBe('0.00000059');

    const key = await sdk.apiKeys.getCurrentKeyMetadata();
    expect(key.data.isProvisioningKey).toBe(false);
    expect(key.data.usage).toBeGreaterThan(0);
  });
});
