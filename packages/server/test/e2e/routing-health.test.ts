import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeVendors, price } from '../support/catalog.js';
import { providerOf } from '../support/fault-harness.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * The routing policy reads live endpoint health: an open circuit breaker excludes an endpoint
 * (503 `breaker_open` when nothing else may serve), and the default strategy tries an endpoint that
 * failed in the last 30 seconds last.
 */
const MODELS = [
  {
    id: 'rt/breaker',
    context_length: 32_000,
    endpoints: [
      { provider: 'together', upstream_model: 'breaker-together', pricing: price(0.1) },
      { provider: 'fireworks', upstream_model: 'breaker-fireworks', pricing: price(0.4) },
    ],
  },
  {
    id: 'rt/recent',
    context_length: 32_000,
    endpoints: [
      { provider: 'deepseek', upstream_model: 'recent-deepseek', pricing: price(0.1) },
      { provider: 'mistral', upstream_model: 'recent-mistral', pricing: price(5) },
    ],
  },
];
const DOWN = { status: 503, json: { error: { message: 'overloaded' } } };

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: fakeVendors('together', 'fireworks', 'deepseek', 'mistral'),
    config: {
      // A breaker opens after 2 consecutive failures; one failure in 30 s makes an endpoint "recently failing".
      health: { breaker_failure_threshold: 2, breaker_cooldown_ms: 600_000, recent_min_failures: 1, recent_failure_ratio: 0.1 },
      models: MODELS,
      routing: {},
    },
  });
  t.upstream.always({ json: FIXTURES.openaiText() });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

async function send(body: Record<string, unknown>): Promise<unknown> {
  const request = { messages: [{ role: 'user', content: 'Hi' }], ...body };
  return client.chat.completions.create(request as unknown as ChatCompletionCreateParamsNonStreaming).catch((e: unknown) => e);
}

const servedBy = () => t.upstream.requests.map(providerOf);

describe('routing reads endpoint health', () => {
  it('an open breaker excludes the endpoint: 503 breaker_open when it was the only one allowed', async () => {
    const pinned = { model: 'rt/breaker', provider: { order: ['together'], allow_fallbacks: false } };
    for (let i = 0; i < 2; i++) {
      t.upstream.next(DOWN);
      expect(await send(pinned)).toBeInstanceOf(OpenAI.APIError);
    }
    t.upstream.reset();
    const error = (await send(pinned)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(503);
    expect((error.error as { metadata: Record<string, unknown> }).metadata['excluded']).toEqual([
      { model: 'rt/breaker', provider: 'together', reasons: ['breaker_open'] },
      { model: 'rt/breaker', provider: 'fireworks', reasons: ['allow_fallbacks'] },
    ]);
    expect(t.upstream.requests).toHaveLength(0);
    const served = (await send({ model: 'rt/breaker' })) as OpenAI.ChatCompletion & { provider: string };
    expect(served.provider).toBe('Fireworks');
    expect(servedBy()).toEqual(['fireworks']);
  });

  it('the default strategy tries an endpoint that failed in the last 30 s last', async () => {
    t.upstream.next(DOWN);
    await send({ model: 'rt/recent', provider: { order: ['deepseek'], allow_fallbacks: false } });
    t.upstream.reset();
    t.upstream.next(DOWN);
    const served = (await send({ model: 'rt/recent' })) as OpenAI.ChatCompletion & { provider: string };
    // The expensive but stable endpoint first (it fails once here), then the cheap one that failed before.
    expect(servedBy()).toEqual(['mistral', 'deepseek']);
    expect(served.provider).toBe('DeepSeek');
  });
});
