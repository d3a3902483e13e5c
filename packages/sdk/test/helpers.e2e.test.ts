import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, consensus, modelJudge, normalizeAnswer, NotFoundError, type Switchyard } from '../src/index.js';
import { FIXTURES, startTestGateway, userClient, type TestGateway } from './gateway.js';

let t: TestGateway;
let client: Switchyard;

/** The OpenAI-format fixture with another answer text. */
function openaiAnswer(content: string): unknown {
  const body = FIXTURES.openaiText() as { choices: { message: { content: string } }[] };
  return { ...body, choices: body.choices.map((choice) => ({ ...choice, message: { ...choice.message, content } })) };
}

const ANTHROPIC = 'anthropic/claude-sonnet-4.5';
const OPENAI = ['openai/gpt-4o-mini', 'openai/gpt-4o', 'meta-llama/llama-3.3-70b-instruct'];

beforeAll(async () => {
  t = await startTestGateway();
  client = userClient(t);
  // Each provider answers in its own format; judge prompts ("Answer A: …") get "YES".
  t.upstream.always((request) => {
    if (JSON.stringify(request.body).includes('Answer A:')) return { json: openaiAnswer('YES') };
    if (request.url.startsWith('/anthropic/')) return { json: FIXTURES.anthropicText() };
    return { json: FIXTURES.openaiText(), delayMs: 20 };
  });
});
afterAll(async () => t.close());

describe('compare', () => {
  it('asks every model in parallel and reports content, cost, latency and usage per model, failures included', async () => {
    const results = await client.compare('Invent a holiday', [OPENAI[0] ?? '', ANTHROPIC, 'openai/not-a-model'], { max_tokens: 500 });
    expect(results.map((result) => result.model)).toEqual([OPENAI[0], ANTHROPIC, 'openai/not-a-model']);
    const [openai, anthropic, missing] = results;
    expect(openai?.content).toContain('Galaxy Day');
    expect(anthropic?.content).toEqual(expect.any(String));
    expect(anthropic?.content).not.toBe(openai?.content);
    for (const ok of [openai, anthropic]) {
      expect(ok?.cost).toBeGreaterThan(0);
      expect(ok?.latency_ms).toBeGreaterThanOrEqual(0);
      expect(ok?.usage?.total_tokens).toBeGreaterThan(0);
      expect(ok?.error).toBeUndefined();
      expect((await client.generations.getGeneration({ id: ok?.id ?? '' })).data.total_cost).toBe(ok?.cost);
    }
    expect(openai?.latency_ms).toBeGreaterThanOrEqual(15);
    expect(missing).toMatchObject({ content: null, cost: null, usage: null });
    expect(missing?.error).toBeInstanceOf(NotFoundError);
    // The shared request fields went to every provider.
    const limits = t.upstream.requests.map((request) => {
      const body = request.body as { max_tokens?: number; max_completion_tokens?: number };
      return body.max_completion_tokens ?? body.max_tokens;
    });
    expect(limits).toEqual([500, 500]);
  });

  it('the function form takes any client and whole message lists', async () => {
    const results = await compare(client, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], [ANTHROPIC]);
    expect(results[0]?.content).toEqual(expect.any(String));
  });
});

describe('consensus', () => {
  it('returns the answer a quorum agrees on, with the votes', async () => {
    const result = await client.consensus('Invent a holiday', [...OPENAI, ANTHROPIC], { quorum: 3 });
    expect(result.agreed).toBe(true);
    expect(result.answer).toContain('Galaxy Day');
    expect(result.votes.map((vote) => vote.models.length)).toEqual([3, 1]);
    expect(result.votes[0]?.models.sort()).toEqual([...OPENAI].sort());
    expect(result.votes[1]?.models).toEqual([ANTHROPIC]);
    expect(result.cost).toBeCloseTo(result.results.reduce((sum, entry) => sum + (entry.cost ?? 0), 0), 12);
  });

  it('no answer when the quorum is not reached; the default quorum is a majority', async () => {
    const strict = await consensus(client, 'Invent a holiday', [...OPENAI, ANTHROPIC], { quorum: 4 });
    expect(strict).toMatchObject({ agreed: false, answer: null, quorum: 4 });
    const split = await consensus(client, 'Invent a holiday', [OPENAI[0] ?? '', ANTHROPIC]);
    expect(split).toMatchObject({ agreed: false, quorum: 2 });
    await expect(consensus(client, 'x', OPENAI, { quorum: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it('a judge decides which answers agree: a function, or a model through modelJudge', async () => {
    const lenient = await consensus(client, 'Invent a holiday', [OPENAI[0] ?? '', ANTHROPIC], { quorum: 2, judge: () => true });
    expect(lenient.agreed).toBe(true);
    const judged = await consensus(client, 'Invent a holiday', [OPENAI[0] ?? '', ANTHROPIC], { quorum: 2, judge: modelJudge(client, 'openai/gpt-4o') });
    expect(judged.agreed).toBe(true);
    expect(t.upstream.requests.some((request) => JSON.stringify(request.body).includes('Answer A:'))).toBe(true);
  });

  it('normalizes case, whitespace, quotes and final punctuation', () => {
    expect(normalizeAnswer('  "Paris."  ')).toBe(normalizeAnswer('paris'));
    expect(normalizeAnswer('The  answer\nis 42!')).toBe('the answer is 42');
  });
});
