import { describe, expect, it } from 'vitest';
import { recordedAnswer, recordedReasoning, recordedText } from './recorded-answers.js';

describe('recorded answers', () => {
  it('read text and reasoning from JSON bodies, chunk files and raw SSE (Mistral parts included)', () => {
    expect(recordedText('mistral/vercel-ai/mistral-reasoning.json')).toBe('2 + 2 = 4');
    expect(recordedReasoning('mistral/vercel-ai/mistral-reasoning.chunks.txt')).toBe('The user is asking for 2+2. This is basic arithmetic. 2+2=4.');
    expect(recordedText('moonshotai/vercel-ai/moonshotai-stream.chunks.txt')).toBe('Hello!');
    expect(recordedReasoning('moonshotai/vercel-ai/moonshotai-stream.chunks.txt')).toBe('Thinking aloud. ');
    expect(recordedText('openai-compatible/vercel-ai/openai-compatible-chat/anthropic-fallback-tool-call.sse')).toBe('Reading it.');
  });

  it('serve JSON as json and streams as SSE ending in [DONE]', () => {
    expect(recordedAnswer('moonshotai/vercel-ai/moonshotai-text.json').json).toMatchObject({ model: 'kimi-k3' });
    const stream = recordedAnswer('moonshotai/vercel-ai/moonshotai-stream.chunks.txt');
    expect(stream.headers).toEqual({ 'content-type': 'text/event-stream' });
    expect(stream.body?.startsWith('data: {"id":"chatcmpl-stream"')).toBe(true);
    expect(stream.body?.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
