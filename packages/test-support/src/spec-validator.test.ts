import { describe, expect, it } from 'vitest';
import { createSpecValidator } from './spec-validator.js';
import { indexRows } from './fixtures.js';

describe('spec validators', () => {
  it('accept a valid OpenAI chat request and reject a canary', () => {
    const openai = createSpecValidator('openai');
    expect(openai.errors('CreateChatCompletionRequest', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).toEqual([]);
    expect(openai.errors('CreateChatCompletionRequest', { model: 'gpt-4o', messages: [{ role: 'wizard', content: 1 }] })).not.toEqual([]);
  });
  it('accept a valid Gemini request and reject a canary', () => {
    const gemini = createSpecValidator('gemini');
    expect(gemini.errors('GenerateContentRequest', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })).toEqual([]);
    expect(gemini.errors('GenerateContentRequest', { contents: [{ role: 'user', parts: [{ text: 5 }] }] })).not.toEqual([]);
  });
  it('validates OpenRouter chat results', () => {
    const or = createSpecValidator('openrouter');
    const ok = { id: 'gen-1', object: 'chat.completion', created: 1, model: 'm', system_fingerprint: null, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'x' } }] };
    expect(or.errors('ChatResult', ok)).toEqual([]);
    expect(or.errors('ChatResult', { ...ok, system_fingerprint: undefined })).not.toEqual([]);
  });
  it('reads INDEX.md rows', () => {
    expect(indexRows('groq').length).toBe(7);
  });
});
