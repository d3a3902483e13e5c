import OpenAI from 'openai';
import { describeWithService, probeTcp, TEST_REDIS_URL } from '@switchyard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * Two gateways sharing Redis (`storage.redis_url`) share endpoint health: failures one of them sees
 * open the breaker for both, within a sync interval, without the other calling the endpoint.
 */
const MODEL = {
  id: 'sh/pinned',
  context_length: 8000,
  endpoints: [{ provider: 'openai', upstream_model: 'gpt-4o-mini', pricing: { prompt: '0.000001', completion: '0.000002' } }],
};
const DOWN = { status: 503, json: { error: { message: 'overloaded' } } };

async function start(prefix: string): Promise<{ t: TestGateway; client: OpenAI }> {
  const t = await startTestGateway({
    config: {
      models: [MODEL],
      storage: { redis_url: TEST_REDIS_URL, redis_key_prefix: prefix },
      health: { breaker_failure_threshold: 2, breaker_cooldown_ms: 600_000 },
    },
  });
  t.upstream.always({ json: FIXTURES.openaiText() });
  return { t, client: new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 }) };
}

async function breakerOf(t: TestGateway): Promise<unknown> {
  const response = await fetch(`${t.baseURL}/models/${MODEL.id}/endpoints`, { headers: { authorization: `Bearer ${API_KEY}` } });
  const body = (await response.json()) as { data: { endpoints: { breaker_state: string }[] } };
  return body.data.endpoints[0]?.breaker_state;
}

describeWithService('Redis', await probeTcp(TEST_REDIS_URL), () => {
  describe('endpoint health shared through Redis', () => {
    const prefix = `switchyard-e2e-health-${process.pid}-${Date.now()}:`;
    let a: { t: TestGateway; client: OpenAI };
    let b: { t: TestGateway; client: OpenAI };
    beforeAll(async () => {
      [a, b] = await Promise.all([start(prefix), start(prefix)]);
    });
    afterAll(async () => {
      await Promise.all([a.t.close(), b.t.close()]);
    });

    it('opens the breaker on the other gateway too', async () => {
      const ask = (client: OpenAI) =>
        client.chat.completions.create({ model: MODEL.id, messages: [{ role: 'user', content: 'Hi' }] }).then(
          () => 200,
          (error: unknown) => (error instanceof OpenAI.APIError ? error.status : error),
        );
      a.t.upstream.next(DOWN).next(DOWN);
      expect([await ask(a.client), await ask(a.client)]).toEqual([503, 503]);
      await expect.poll(() => breakerOf(b.t), { timeout: 5000, interval: 100 }).toBe('open');
      expect(await ask(b.client)).toBe(503);
      expect(b.t.upstream.requests).toHaveLength(0);
    });
  });
});
