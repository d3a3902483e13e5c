import { describe, expect, it } from 'vitest';
import { parseChatCompletionRequest } from './chat-request.js';

const ok = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

describe('parseChatCompletionRequest', () => {
  it('accepts a minimal request and keeps unknown fields (provider-specific passthrough)', () => {
    const result = parseChatCompletionRequest({ ...ok, safe_prompt: true, plugins: [{ id: 'web' }] });
    expect(result.ok && result.value).toMatchObject({ safe_prompt: true, plugins: [{ id: 'web' }] });
  });

  it('accepts legacy fields OpenRouter still takes', () => {
    const legacy = { ...ok, usage: { include: true }, include_reasoning: true, transforms: ['middle-out'], stream_options: { include_usage: true } };
    expect(parseChatCompletionRequest(legacy).ok).toBe(true);
  });

  it('accepts `models` without `model`', () => {
    expect(parseChatCompletionRequest({ models: ['a/b'], messages: ok.messages }).ok).toBe(true);
  });

  it.each([
    [{ model: 'm', messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role', /Expected 'system'/],
    [{ model: 'm', messages: [{ role: 'user', content: 42 }] }, 'messages[0].content', /expected string or array/],
    [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'hologram' }] }] }, 'messages[0].content[0].type', /'image_url'/],
    [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'messages[0].content[0].image_url.url', /expected string/],
    [{ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id', /expected string/],
    [{ ...ok, tool_choice: 'sometimes' }, 'tool_choice', /"required"/],
    [{ ...ok, temperature: 3 }, 'temperature', /<=2/],
    [{ messages: ok.messages }, 'model', /Required/],
    [{ model: 'm', messages: 'hi' }, 'messages', /expected array/],
  ])('rejects %j naming %s', (body, field, message) => {
    const result = parseChatCompletionRequest(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message.startsWith(`${field}: `)).toBe(true);
      expect(result.message).toMatch(message);
    }
  });
});
