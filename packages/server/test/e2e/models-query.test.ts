import { OpenRouter } from '@openrouter/sdk';
import { createSpecValidator } from '@switchyard/test-support';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

const spec = createSpecValidator('openrouter');

/** Two operator-defined models: one tagged for `category=`, one that outputs images only. */
const EXTRA_MODELS = [
  {
    id: 'acme/coder-1',
    name: 'Acme: Coder 1',
    created: 1_700_000_000,
    context_length: 32_000,
    tokenizer: 'Llama3',
    categories: ['programming', 'technology'],
    endpoints: [{ provider: 'openai', upstream_model: 'gpt-4o-mini', pricing: { prompt: '0.0000001', completion: '0.0000004' } }],
  },
  {
    id: 'acme/painter-1',
    name: 'Acme: Painter 1',
    context_length: 4_000,
    output_modalities: ['image'],
    categories: ['marketing'],
    endpoints: [{ provider: 'openai', upstream_model: 'gpt-image-1', pricing: { prompt: '0.000005', completion: '0.00004' } }],
  },
];

let t: TestGateway;
let sdk: OpenRouter;
beforeAll(async () => {
  t = await startTestGateway({ config: { models: EXTRA_MODELS } });
  sdk = new OpenRouter({ apiKey: API_KEY, serverURL: t.baseURL });
});
afterAll(async () => t.close());

interface Model {
  id: string;
  name: string;
  created: number;
  context_length: number;
  architecture: { input_modalities: string[]; output_modalities: string[]; tokenizer: string };
  pricing: { prompt: string; completion: string };
  supported_parameters: string[];
}
interface ModelList {
  data: Model[];
  total_count: number;
  links: { next: string | null };
}

async function get(route: string, key?: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${t.baseURL}${route}`, key === undefined ? {} : { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, json: await response.json() };
}

/** `GET /models…` (or `/models/user…`): 200, valid against ModelsListResponse. */
async function list(route: string, key?: string): Promise<ModelList> {
  const { status, json } = await get(route, key);
  expect(status, JSON.stringify(json)).toBe(200);
  expect(spec.errors('ModelsListResponse', json)).toEqual([]);
  return json as ModelList;
}

async function count(search: string): Promise<number> {
  const { status, json } = await get(`/models/count${search}`);
  expect(status).toBe(200);
  return (json as { data: { count: number } }).data.count;
}

const ids = (body: ModelList) => body.data.map((model) => model.id);
/** USD per 1M tokens, as a number, of a listed price (routers list "-1"). */
const perM = (price: string) => Number(price) * 1_000_000;

describe('GET /models: output modalities (default text) and /models/count', () => {
  it('lists text-output models by default; image, all and the count follow the same filter', async () => {
    const all = await list('/models?output_modalities=all');
    const text = await list('/models');
    expect(ids(all)).toContain('acme/painter-1');
    expect(ids(text)).not.toContain('acme/painter-1');
    expect(ids(text)).toEqual(ids(all).filter((id) => id !== 'acme/painter-1'));
    // The auto router may pick the image model, so it lists image output too.
    expect(ids(await list('/models?output_modalities=image'))).toEqual(['acme/painter-1', 'openrouter/auto']);
    expect(ids(await list('/models?output_modalities=text,image'))).toEqual(ids(all));
    expect((await list('/models?output_modalities=embeddings')).data).toEqual([]);
    expect(text.total_count).toBe(text.data.length);
    expect(await count('')).toBe(text.data.length);
    expect(await count('?output_modalities=all')).toBe(all.data.length);
    expect(await count('?output_modalities=image')).toBe(2);
  });
});

describe('GET /models: filters', () => {
  it('supported_parameters: a model matches when it supports every listed parameter', async () => {
    const all = await list('/models');
    const tools = await list('/models?supported_parameters=tools');
    const both = await list('/models?supported_parameters=tools,logprobs');
    expect(tools.data.length).toBeGreaterThan(both.data.length);
    expect(both.data.length).toBeGreaterThan(0);
    for (const model of both.data) expect(model.supported_parameters).toEqual(expect.arrayContaining(['tools', 'logprobs']));
    const expected = all.data.filter((m) => m.supported_parameters.includes('tools') && m.supported_parameters.includes('logprobs'));
    expect(ids(both)).toEqual(expected.map((m) => m.id));
  });

  it('q searches id and name; context is a minimum; model_authors and input_modalities narrow', async () => {
    const gpt = await list('/models?q=GPT-4o');
    expect(ids(gpt)).toEqual(expect.arrayContaining(['openai/gpt-4o', 'openai/gpt-4o-mini']));
    for (const model of gpt.data) expect(`${model.id} ${model.name}`.toLowerCase()).toContain('gpt-4o');
    expect(ids(await list('/models?q=acme%20coder'))).toEqual(['acme/coder-1']);

    const long = await list('/models?context=1000000');
    expect(long.data.length).toBeGreaterThan(0);
    for (const model of long.data) expect(model.context_length).toBeGreaterThanOrEqual(1_000_000);

    const authors = await list('/models?model_authors=anthropic,acme');
    expect(new Set(ids(authors).map((id) => id.split('/')[0]))).toEqual(new Set(['anthropic', 'acme']));
    expect(ids(authors)).not.toContain('acme/painter-1');

    const files = await list('/models?input_modalities=image,file');
    expect(files.data.length).toBeGreaterThan(0);
    for (const model of files.data) expect(model.architecture.input_modalities).toEqual(expect.arrayContaining(['image', 'file']));
    expect(ids(await list('/models?arch=llama3&model_authors=acme'))).toEqual(['acme/coder-1']);
  });

  it('min/max price and output price are USD per 1M tokens on the listed prices, bounds included', async () => {
    const cheap = await list('/models?max_price=0.15');
    expect(ids(cheap)).toEqual(expect.arrayContaining(['openai/gpt-4o-mini', 'acme/coder-1']));
    for (const model of cheap.data) expect(perM(model.pricing.prompt)).toBeLessThanOrEqual(0.15 + 1e-9);
    expect(ids(cheap)).not.toContain('openrouter/auto');

    const band = await list('/models?min_output_price=10&max_output_price=15');
    expect(band.data.length).toBeGreaterThan(0);
    for (const model of band.data) {
      expect(perM(model.pricing.completion)).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(perM(model.pricing.completion)).toBeLessThanOrEqual(15 + 1e-9);
    }
  });

  it('providers (slug or name) and zdr=true keep the models an endpoint of which qualifies', async () => {
    const groq = await list('/models?providers=groq');
    expect(groq.data.length).toBeGreaterThan(0);
    expect(ids(await list('/models?providers=Groq'))).toEqual(ids(groq));
    for (const id of ids(groq)) {
      const endpoints = ((await get(`/models/${id}/endpoints`)).json as { data: { endpoints: { tag: string }[] } }).data.endpoints;
      expect(endpoints.map((endpoint) => endpoint.tag)).toContain('groq');
    }
    // Groq is the only zero-data-retention provider of the test gateway.
    expect(ids(await list('/models?zdr=true'))).toEqual(ids(groq));
  });

  it('category keeps the models an operator tagged with it; untagged models never match', async () => {
    expect(ids(await list('/models?category=programming'))).toEqual(['acme/coder-1']);
    expect(ids(await list('/models?category=marketing&output_modalities=all'))).toEqual(['acme/painter-1']);
    expect((await list('/models?category=legal')).data).toEqual([]);
  });
});

describe('GET /models: sort and pages', () => {
  it('sorts by price, context and creation date; the auto router (price -1) goes last on price sorts', async () => {
    const byPrice = await list('/models?sort=pricing-low-to-high');
    const totals = byPrice.data.filter((m) => m.pricing.prompt !== '-1').map((m) => perM(m.pricing.prompt) + perM(m.pricing.completion));
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(ids(byPrice).at(-1)).toBe('openrouter/auto');
    expect(ids(byPrice).sort()).toEqual(ids(await list('/models')).sort());

    const byContext = (await list('/models?sort=context-high-to-low')).data.map((m) => m.context_length);
    expect(byContext).toEqual([...byContext].sort((a, b) => b - a));
    const byDate = (await list('/models?sort=newest')).data.map((m) => m.created).filter((created) => created > 0);
    expect(byDate).toEqual([...byDate].sort((a, b) => b - a));
  });

  it('throughput and latency sorts use the endpoints’ recent stats; models without stats go last', async () => {
    t.upstream.reset();
    t.upstream.next({ body: FIXTURES.openaiTextStream(), chunkSize: 8000, chunkDelayMs: 5, delayMs: 20 });
    const client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const chunk of stream) expect(chunk.object).toBe('chat.completion.chunk');
    expect(ids(await list('/models?sort=latency-low-to-high'))[0]).toBe('openai/gpt-4.1-mini');
    expect(ids(await list('/models?sort=throughput-high-to-low'))[0]).toBe('openai/gpt-4.1-mini');
  });

  it('pages after filtering and sorting, with total_count and a links.next that repeats the query', async () => {
    const whole = await list('/models?sort=pricing-low-to-high&supported_parameters=tools');
    const first = await list('/models?sort=pricing-low-to-high&supported_parameters=tools&limit=3');
    expect(ids(first)).toEqual(ids(whole).slice(0, 3));
    expect(first.total_count).toBe(whole.data.length);
    expect(first.links.next).toBe('/api/v1/models?sort=pricing-low-to-high&supported_parameters=tools&limit=3&offset=3');
    const second = await list(first.links.next?.replace('/api/v1', '') ?? '');
    expect(ids(second)).toEqual(ids(whole).slice(3, 6));
    const last = await list(`/models?sort=pricing-low-to-high&supported_parameters=tools&offset=${String(whole.data.length - 1)}&limit=3`);
    expect(ids(last)).toEqual(ids(whole).slice(-1));
    expect(last.links.next).toBeNull();
    expect(whole.links.next).toBeNull();
  });
});

describe('GET /models: refused parameters are a 400 naming the parameter', () => {
  it.each([
    ['sort=most-popular', 'sort', /"most-popular" is not supported/],
    ['sort=cheapest-first', 'sort', /unknown value "cheapest-first"/],
    ['output_modalities=hologram', 'output_modalities', /unknown value "hologram"/],
    ['category=cooking', 'category', /unknown value "cooking"/],
    ['context=lots', 'context', /expected an integer/],
    ['max_price=-2', 'max_price', /USD per 1M tokens/],
    ['zdr=false', 'zdr', /allowed: true/],
    ['limit=5000', 'limit', /from 1 to 1000/],
    ['use_rss=true', 'use_rss', /not supported/],
    ['region=eu', 'region', /not supported/],
  ])('%s', async (search, field, message) => {
    const { status, json } = await get(`/models?${search}`);
    expect(status).toBe(400);
    expect(spec.errors('BadRequestResponse', json)).toEqual([]);
    expect(json).toMatchObject({ error: { code: 400, metadata: { field } } });
    expect((json as { error: { message: string } }).error.message).toMatch(message);
    expect((await get(`/models/count?${search}`)).status).toBe(400);
  });
});

describe('GET /models/user: the same filters over the models the key may use', () => {
  it('needs a key; filters, sorts and pages like /models', async () => {
    expect((await get('/models/user?supported_parameters=tools')).status).toBe(401);
    const user = await list('/models/user?supported_parameters=tools&sort=context-high-to-low', API_KEY);
    const models = await list('/models?supported_parameters=tools&sort=context-high-to-low');
    expect(ids(user)).toEqual(ids(models).filter((id) => !id.startsWith('openrouter/')));
    expect(ids(await list('/models/user?category=programming', API_KEY))).toEqual(['acme/coder-1']);
    expect(ids(await list('/models/user?output_modalities=image', API_KEY))).toEqual(['acme/painter-1']);
    expect((await get('/models/user?sort=top-weekly', API_KEY)).status).toBe(400);
  });
});

describe('@openrouter/sdk sends the filters', () => {
  it('models.list with category, supported parameters, output modalities and sort', async () => {
    const programming = await sdk.models.list({ category: 'programming' });
    expect(programming.result.data.map((model) => model.id)).toEqual(['acme/coder-1']);

    const filtered = await sdk.models.list({ supportedParameters: 'tools,logprobs', outputModalities: 'text', sort: 'pricing-low-to-high' });
    const expected = await list('/models?supported_parameters=tools,logprobs&output_modalities=text&sort=pricing-low-to-high');
    expect(filtered.result.data.map((model) => model.id)).toEqual(ids(expected));
    expect(filtered.result.totalCount).toBe(expected.total_count);

    const images = await sdk.models.list({ outputModalities: 'image', maxPrice: 10, q: 'painter' });
    expect(images.result.data.map((model) => model.id)).toEqual(['acme/painter-1']);
  });

  it('models.count and models.listForUser take output_modalities', async () => {
    expect((await sdk.models.count({ outputModalities: 'image' })).data.count).toBe(2);
    const all = await sdk.models.count({ outputModalities: 'all' });
    expect(all.data.count).toBe(await count('?output_modalities=all'));
    const user = await sdk.models.listForUser({ bearer: API_KEY }, { outputModalities: 'image' });
    expect(user.result.data.map((model) => model.id)).toEqual(['acme/painter-1']);
  });

  it('an unsupported sort is a BadRequestResponseError', async () => {
    await expect(sdk.models.list({ sort: 'most-popular' })).rejects.toMatchObject({ statusCode: 400 });
  });
});
