import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeVendors, price } from '../support/catalog.js';
import { providerOf } from '../support/fault-harness.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Provider routing over HTTP: `provider` preferences, model variants, per-key defaults from the
 * config, openrouter/auto and openrouter/free, and the 503 that explains what was excluded. The
 * providers are bundled OpenAI-compatible vendors pointed at the fake upstream; the URL of each
 * upstream request shows which one served.
 */
const TOOLS = ['temperature', 'max_tokens', 'tools', 'tool_choice'];
const MODELS = [
  {
    id: 'rt/llama',
    context_length: 32_000,
    endpoints: [
      { provider: 'together', upstream_model: 'llama-together', pricing: price(0.2), supported_parameters: TOOLS },
      { provider: 'fireworks', upstream_model: 'llama-fireworks', pricing: price(0.4), supported_parameters: ['temperature', 'max_tokens'], quantization: 'fp8' },
      { provider: 'deepseek', upstream_model: 'llama-deepseek', pricing: price(0.1), supported_parameters: TOOLS },
      { provider: 'groq', upstream_model: 'llama-groq', pricing: price(0.8), supported_parameters: [...TOOLS, 'reasoning'] },
      { provider: 'mistral', upstream_model: 'llama-mistral', pricing: price(0.05), supported_parameters: TOOLS },
    ],
  },
  { id: 'rt/backup', context_length: 128_000, endpoints: [{ provider: 'together', upstream_model: 'backup', pricing: price(1) }] },
  {
    id: 'rt/free',
    context_length: 32_000,
    endpoints: [
      { provider: 'fireworks', upstream_model: 'free-fireworks', pricing: price(0) },
      { provider: 'together', upstream_model: 'free-together', pricing: price(0.3) },
    ],
  },
  { id: 'rt/vision', context_length: 128_000, input_modalities: ['text', 'image'], endpoints: [{ provider: 'groq', upstream_model: 'vision', pricing: price(2) }] },
];
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: fakeVendors('together', 'fireworks', 'deepseek', 'mistral'),
    config: {
      health: { breaker_failure_threshold: 1000, recent_min_failures: 1000 },
      models: MODELS,
      routing: {
        keys: [{ key: 'Default inference key', provider: { ignore: ['mistral'] } }],
        auto_router: {
          candidates: [
            { model: 'rt/llama', max_prompt_tokens: 2000, images: false },
            { model: 'rt/backup' },
            { model: 'rt/vision', images: true },
          ],
        },
      },
    },
  });
  t.upstream.always({ json: FIXTURES.openaiText() });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

type Served = OpenAI.ChatCompletion & { provider: string };

/** A chat completion with OpenRouter's extra fields (provider, models, …). */
async function create(body: Record<string, unknown>): Promise<Served> {
  const request = { messages: [{ role: 'user', content: 'Hi' }], ...body };
  return (await client.chat.completions.create(request as unknown as ChatCompletionCreateParamsNonStreaming)) as Served;
}

async function failure(body: Record<string, unknown>): Promise<{ status: number; message: string; metadata: Record<string, unknown> }> {
  const error = await create(body).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const apiError = error as InstanceType<typeof OpenAI.APIError>;
  const inner = apiError.error as { metadata: Record<string, unknown> };
  return { status: apiError.status ?? 0, message: apiError.message, metadata: inner.metadata };
}

const servedBy = () => t.upstream.requests.map(providerOf);

describe('provider preferences', () => {
  it.each([
    ['order: the first listed provider serves', { order: ['fireworks', 'together'] }, 'fireworks', 'Fireworks'],
    ['order by display name', { order: ['Groq'] }, 'groq', 'Groq'],
    ['only', { only: ['together'] }, 'together', 'Together'],
    ['sort price: the cheapest allowed (mistral is ignored by the key’s defaults)', { sort: 'price' }, 'deepseek', 'DeepSeek'],
    ['ignore + sort price', { ignore: ['deepseek'], sort: 'price' }, 'together', 'Together'],
    ['data_collection deny drops DeepSeek (trains on data)', { data_collection: 'deny', sort: 'price' }, 'together', 'Together'],
    ['zdr: only zero-data-retention endpoints', { zdr: true }, 'groq', 'Groq'],
    ['sort in object form', { sort: { by: 'price', partition: 'model' } }, 'deepseek', 'DeepSeek'],
    ['quantizations', { quantizations: ['fp8'] }, 'fireworks', 'Fireworks'],
    ['max_price (USD per million tokens)', { max_price: { prompt: 0.15 } }, 'deepseek', 'DeepSeek'],
  ])('%s', async (_name, provider, upstream, name) => {
    const completion = await create({ model: 'rt/llama', provider });
    expect(servedBy()).toEqual([upstream]);
    expect(completion.provider).toBe(name);
    expect(completion.model).toBe('rt/llama');
  });

  it('order falls back to the next provider when the first fails', async () => {
    t.upstream.next({ status: 503, json: { error: { message: 'overloaded' } } });
    const completion = await create({ model: 'rt/llama', provider: { order: ['fireworks', 'together'] } });
    expect(servedBy()).toEqual(['fireworks', 'together']);
    expect(completion.provider).toBe('Together');
  });

  it('order + allow_fallbacks false: the provider’s error comes back, nobody else is tried', async () => {
    t.upstream.next({ status: 503, json: { error: { message: 'overloaded' } } });
    const error = await failure({ model: 'rt/llama', provider: { order: ['fireworks'], allow_fallbacks: false } });
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(servedBy()).toEqual(['fireworks']);
  });

  it('require_parameters with tools skips providers without tool support', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    await create({ model: 'rt/llama', tools, provider: { order: ['fireworks', 'together'], require_parameters: true } });
    expect(servedBy()).toEqual(['together']);
  });

  it('`models` fallbacks: the fallback model serves and is named', async () => {
    t.upstream.next({ status: 503, json: { error: { message: 'overloaded' } } });
    t.upstream.next({ status: 503, json: { error: { message: 'overloaded' } } });
    const completion = await create({ model: 'rt/free', models: ['rt/backup'], route: 'fallback', provider: { only: ['fireworks', 'together'], sort: 'price' } });
    expect(servedBy()).toEqual(['fireworks', 'together', 'together']);
    expect(t.upstream.requests.map((r) => (r.body as { model: string }).model)).toEqual(['free-fireworks', 'free-together', 'backup']);
    expect(completion.model).toBe('rt/backup');
  });

  it.each([
    [{ provider: { sort: 'fastest' } }, 'provider.sort'],
    [{ provider: { order: 'groq' } }, 'provider.order'],
    [{ provider: { speed: 'max' } }, 'provider.speed'],
    [{ route: 'cheapest' }, 'route'],
  ])('%j → 400 naming %s', async (body, field) => {
    const error = await failure({ model: 'rt/llama', ...body });
    expect(error.status).toBe(400);
    expect(error.message).toContain(`${field}:`);
    expect(error.metadata['field']).toBe(field);
  });
});

describe('nothing can serve: 503 with the reasons per candidate', () => {
  it('lists every excluded endpoint with its reasons', async () => {
    const error = await failure({ model: 'rt/llama', models: ['rt/backup'], provider: { zdr: true, max_price: { prompt: 0.5 } } });
    expect(error.status).toBe(503);
    expect(error.metadata['requested_models']).toEqual(['rt/llama', 'rt/backup']);
    expect(error.metadata['excluded']).toEqual([
      { model: 'rt/llama', provider: 'together', reasons: ['data_policy:zdr'] },
      { model: 'rt/llama', provider: 'fireworks', reasons: ['data_policy:zdr'] },
      { model: 'rt/llama', provider: 'deepseek', reasons: ['data_policy:zdr'] },
      { model: 'rt/llama', provider: 'groq', reasons: ['max_price'] },
      { model: 'rt/llama', provider: 'mistral', reasons: ['ignored_provider', 'data_policy:zdr'] },
      { model: 'rt/backup', provider: 'together', reasons: ['data_policy:zdr', 'max_price'] },
    ]);
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('the key’s configured ignore list applies under the request’s only', async () => {
    const error = await failure({ model: 'rt/llama', provider: { only: ['mistral'] } });
    expect(error.status).toBe(503);
    const excluded = error.metadata['excluded'] as { provider: string; reasons: string[] }[];
    expect(excluded.find((entry) => entry.provider === 'mistral')?.reasons).toEqual(['ignored_provider']);
    expect(excluded.find((entry) => entry.provider === 'groq')?.reasons).toEqual(['allowed_providers']);
  });
});

describe('model variants', () => {
  it(':floor sorts by price', async () => {
    await create({ model: 'rt/llama:floor' });
    expect(servedBy()).toEqual(['deepseek']);
  });

  it(':free uses only free endpoints and costs nothing', async () => {
    const completion = await create({ model: 'rt/free:free' });
    expect(servedBy()).toEqual(['fireworks']);
    expect(completion.model).toBe('rt/free:free');
    expect((completion.usage as unknown as { cost: number }).cost).toBe(0);
  });

  it(':thinking turns reasoning on and routes to an endpoint that supports it', async () => {
    await create({ model: 'rt/llama:thinking' });
    expect(servedBy()).toEqual(['groq']);
    expect(JSON.stringify(t.upstream.requests[0]?.body)).toMatch(/reasoning/);
  });

  it.each([
    ['rt/llama:online', 'web search'],
    ['rt/llama:warp', 'unknown model variant ":warp"'],
  ])('%s → 400', async (model, message) => {
    const error = await failure({ model });
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('the web plugin is refused like ":online", naming the field; nothing goes upstream', async () => {
    const error = await failure({ model: 'rt/llama', plugins: [{ id: 'web', max_results: 3 }] });
    expect(error.status).toBe(400);
    expect(error.message).toContain('web search plugin is not available');
    expect(error.metadata['field']).toBe('plugins[0].id');
    expect(t.upstream.requests).toHaveLength(0);
  });
});

describe('routers', () => {
  it.each([
    ['a short text prompt → the cheapest matching candidate', 'Hi', 'rt/llama'],
    ['a long prompt → past the short-prompt rule', 'word '.repeat(3000), 'rt/backup'],
    ['an image → the vision candidate', [{ type: 'image_url', image_url: { url: PNG } }, { type: 'text', text: 'What is it?' }], 'rt/vision'],
  ])('openrouter/auto: %s', async (_name, content, chosen) => {
    const completion = await create({ model: 'openrouter/auto', messages: [{ role: 'user', content }] });
    expect(completion.model).toBe(chosen);
  });

  it('openrouter/auto honours the auto-router plugin’s allowed_models', async () => {
    const completion = await create({ model: 'openrouter/auto', plugins: [{ id: 'auto-router', allowed_models: ['rt/back*'] }] });
    expect(completion.model).toBe('rt/backup');
  });

  it('openrouter/auto with nothing eligible → 503 naming each candidate’s reasons', async () => {
    const error = await failure({ model: 'openrouter/auto', plugins: [{ id: 'auto-router', excluded_models: ['rt/*'] }] });
    expect(error.status).toBe(503);
    expect(error.metadata['router']).toBe('openrouter/auto');
    expect((error.metadata['rejected'] as { reasons: string[] }[])[0]?.reasons).toContain('excluded_models');
  });

  it('openrouter/free: a free model on a free endpoint', async () => {
    const completion = await create({ model: 'openrouter/free' });
    expect(completion.model).toBe('rt/free:free');
    expect(completion.provider).toBe('Fireworks');
    expect(servedBy()).toEqual(['fireworks']);
  });
});

describe('routers in the model list', () => {
  it('GET /models lists openrouter/auto (prices "-1", widest candidate limits) and openrouter/free (prices "0")', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model as OpenAI.Model & Record<string, unknown>);
    const auto = models.find((model) => model.id === 'openrouter/auto');
    const free = models.find((model) => model.id === 'openrouter/free');
    expect(auto).toMatchObject({ context_length: 128_000, pricing: { prompt: '-1', completion: '-1' } });
    expect((auto?.['architecture'] as { input_modalities: string[] }).input_modalities).toEqual(['image', 'text']);
    expect(free).toMatchObject({ pricing: { prompt: '0', completion: '0' } });
    const single = (await (await fetch(`${t.baseURL}/model/openrouter/auto`)).json()) as { data: { id: string } };
    expect(single.data.id).toBe('openrouter/auto');
    const count = (await (await fetch(`${t.baseURL}/models/count`)).json()) as { data: { count: number } };
    expect(count.data.count).toBe(models.length);
  });
});
