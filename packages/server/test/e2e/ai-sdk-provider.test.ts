import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => t.close());
beforeEach(() => t.upstream.reset());

describe('@openrouter/ai-sdk-provider (Vercel AI SDK) against the gateway', () => {
  it('generateText', async () => {
    t.upstream.next({ json: FIXTURES.openaiText() });
    const openrouter = createOpenRouter({ apiKey: API_KEY, baseURL: t.baseURL });
    const result = await generateText({ model: openrouter.chat('openai/gpt-4o-mini'), prompt: 'Invent a holiday' });
    expect(result.text).toContain('Galaxy Day');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(16);
    expect(result.usage.outputTokens).toBe(363);
  });

  it('streamText, including a tool call streamed by Anthropic', async () => {
    t.upstream.next({ body: FIXTURES.anthropicToolStream(), chunkSize: 100 });
    const openrouter = createOpenRouter({ apiKey: API_KEY, baseURL: t.baseURL });
    const result = streamText({
      model: openrouter.chat('anthropic/claude-sonnet-4.5'),
      prompt: 'What is the weather?',
      tools: {
        get_weather: tool({
          description: 'Weather for a location',
          inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } } }),
        }),
      },
    });
    const calls: { toolName: string; input: unknown }[] = [];
    for await (const part of result.fullStream) if (part.type === 'tool-call') calls.push(part);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.toolName).toBe('get_weather');
    expect(calls[0]?.input).toMatchObject({ location: expect.stringContaining('Paris') as unknown });
    expect(await result.finishReason).toBe('tool-calls');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });
});
