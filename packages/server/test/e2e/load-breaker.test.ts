import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '@switchyard/test-support';
import { getData, ProviderScripts, providerOf } from '../support/fault-harness.js';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

/**
 * A bounded load test on loopback: one model on three providers, the cheapest of which (Together)
 * fails 30 % of the requests it gets (in runs of three out of every ten, so its breaker opens).
 * The client must see no failure, and Together's traffic must drop while its breaker is open.
 *
 * "Recently failing" is set out of reach so the breaker alone is measured: with the default
 * weighted strategy the cheapest endpoint takes most first picks whenever its breaker is closed.
 */
const REQUESTS = 300;
const CONCURRENCY = 4;
const COOLDOWN_MS = 300;
const MODEL = 'switchyard-test/balanced';

let t: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestGateway({
    extraProviders: (url) => [
      { id: 'together', base_url: `${url}/together/v1`, api_key: 'upstream-together', timeout_ms: 5000 },
      { id: 'fireworks', base_url: `${url}/fireworks/v1`, api_key: 'upstream-fireworks', timeout_ms: 5000 },
    ],
    config: {
      retry: { max_retries_per_endpoint: 0, base_delay_ms: 10, max_delay_ms: 50, max_retry_after_ms: 50, request_deadline_ms: 10_000 },
      health: { breaker_failure_threshold: 3, breaker_cooldown_ms: COOLDOWN_MS, breaker_probe_timeout_ms: 2000, recent_min_failures: 1_000_000 },
      models: [
        {
          id: MODEL,
          context_length: 8192,
          endpoints: [
            { provider: 'together', upstream_model: 'm', pricing: { prompt: '0.000001', completion: '0.000001' } },
            { provider: 'fireworks', upstream_model: 'm', pricing: { prompt: '0.000002', completion: '0.000002' } },
            { provider: 'groq', upstream_model: 'm', pricing: { prompt: '0.000003', completion: '0.000003' } },
          ],
        },
      ],
    },
  });
  client = new OpenAI({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0 });
  let togetherSeen = 0;
  new ProviderScripts(t, (provider) => {
    if (provider === 'together' && togetherSeen++ % 10 < 3) {
      return { status: 500, delayMs: 10, json: { error: { message: 'injected failure', type: 'server_error' } } };
    }
    return { delayMs: 10, json: FIXTURES.openaiText() };
  });
});
afterAll(async () => t.close());

interface Sample {
  readonly at: number;
  readonly breaker: string;
  readonly status: number;
}

/** Polls Together's breaker state through the endpoints API until `done` says stop. */
async function watchBreaker(done: () => boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (!done()) {
    const data = await getData<{ endpoints: Record<string, unknown>[] }>(t, `/models/${MODEL}/endpoints`);
    const together = data.endpoints.find((endpoint) => endpoint['tag'] === 'together');
    samples.push({ at: Date.now(), breaker: String(together?.['breaker_state']), status: Number(together?.['status']) });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return samples;
}

/** Together's requests per second inside the intervals where two consecutive samples agree on `state`. */
function rateWhile(state: string, samples: readonly Sample[], requests: readonly RecordedRequest[]) {
  let ms = 0;
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    const from = samples[i - 1];
    const to = samples[i];
    if (from === undefined || to === undefined || from.breaker !== state || to.breaker !== state) continue;
    ms += to.at - from.at;
    count += requests.filter((request) => (request.at ?? 0) > from.at && (request.at ?? 0) < to.at).length;
  }
  return { ms, count, perSecond: ms === 0 ? 0 : (count * 1000) / ms };
}

describe('load with one of three providers failing 30 % of its requests', () => {
  it('the client sees no failure, and the failing endpoint gets (almost) no traffic while its breaker is open', async () => {
    let finished = false;
    const watcher = watchBreaker(() => finished);
    let next = 0;
    const failures: unknown[] = [];
    const worker = async () => {
      while (next < REQUESTS) {
        next++;
        await client.chat.completions
          .create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] })
          .catch((error: unknown) => failures.push(error));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    finished = true;
    const samples = await watcher;

    expect(failures).toEqual([]);
    const together = t.upstream.requests.filter((request) => providerOf(request) === 'together');
    const failed = together.filter((_request, index) => index % 10 < 3).length;
    expect(failed).toBeGreaterThanOrEqual(6);
    expect(samples.some((sample) => sample.breaker === 'open' && sample.status === -3)).toBe(true);
    expect(samples.every((sample) => (sample.breaker === 'open') === (sample.status === -3))).toBe(true);

    const open = rateWhile('open', samples, together);
    const closed = rateWhile('closed', samples, together);
    // Only a probe at the end of a cool-down can reach an open breaker's endpoint.
    expect(open.count).toBeLessThanOrEqual(Math.ceil(open.ms / COOLDOWN_MS) + 1);
    expect(closed.perSecond).toBeGreaterThan(3 * open.perSecond);
    expect(open.ms).toBeGreaterThan(COOLDOWN_MS);
  });

  it('the endpoints API shows the failing endpoint below 100 % uptime and the others at 100 %', async () => {
    const data = await getData<{ endpoints: Record<string, unknown>[] }>(t, `/models/${MODEL}/endpoints`);
    const uptime = Object.fromEntries(data.endpoints.map((endpoint) => [String(endpoint['tag']), endpoint['uptime_last_5m']]));
    expect(uptime['together']).toBeGreaterThan(0);
    expect(uptime['together']).toBeLessThan(100);
    expect([uptime['fireworks'], uptime['groq']].filter((value) => value !== null)).toEqual(
      [uptime['fireworks'], uptime['groq']].filter((value) => value !== null).map(() => 100),
    );
    const latency = data.endpoints.find((endpoint) => endpoint['tag'] === 'together')?.['latency_last_30m'] as { p50: number } | null;
    expect(latency?.p50).toBeGreaterThanOrEqual(10);
  });
});
