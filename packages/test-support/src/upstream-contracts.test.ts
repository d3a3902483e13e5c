import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from './fake-upstream.js';
import { createUpstreamContracts } from './upstream-contracts.js';

const contracts = createUpstreamContracts();
const post = (url: string, body: unknown): RecordedRequest => ({ method: 'POST', url, headers: {}, body, aborted: false });

const responsesBody = {
  model: 'o3-pro',
  instructions: 'Be brief.',
  store: false,
  input: [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
    { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_1', output: '18°C' },
  ],
  tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: {} }, strict: false }],
};

describe('upstream request contracts', () => {
  it('a valid Responses body passes; the canaries (a bad field, a bad input item) are caught', () => {
    expect(contracts.errors(post('/openai/v1/responses', responsesBody))).toEqual([]);
    expect(contracts.errors(post('/azure/openai/v1/responses', { ...responsesBody, input: 'Hi' }))).toEqual([]);
    expect(contracts.errors(post('/openai/v1/responses', { ...responsesBody, tool_choice: { type: 'function', function: { name: 'x' } } }))).not.toEqual([]);
    const badItem = contracts.errors(post('/openai/v1/responses', { ...responsesBody, input: [{ type: 'function_call_output' }] }));
    expect(badItem.join('\n')).toMatch(/\/input\/0/);
    expect(contracts.errors(post('/openai/v1/responses', { ...responsesBody, input: [{ type: 'wizard' }] }))).toEqual([
      'upstream /openai/v1/responses (openai spec): /input/0 has an unknown item type "wizard"',
    ]);
  });

  it('chat completions go to OpenAI’s spec, or Mistral’s under /mistral/ (which rejects unknown fields)', () => {
    const chat = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(contracts.errors(post('/xai/v1/chat/completions', { ...chat, reasoning_effort: 'low' }))).toEqual([]);
    expect(contracts.errors(post('/xai/v1/chat/completions', { ...chat, messages: [{ role: 'wizard' }] }))).not.toEqual([]);
    expect(contracts.errors(post('/mistral/v1/chat/completions', { ...chat, random_seed: 1 }))).toEqual([]);
    expect(contracts.errors(post('/mistral/v1/chat/completions', { ...chat, seed: 1 })).join('\n')).toMatch(/mistral spec.*additional/);
    expect(contracts.errors(post('/azure/openai/deployments/d/chat/completions?api-version=2024-10-21', { ...chat, n: 'x' }))).not.toEqual([]);
  });

  it('a vendor’s documented extra part (Perplexity file_url) is checked for its own shape', () => {
    const withPart = (part: unknown) => ({ model: 'sonar', messages: [{ role: 'user', content: [{ type: 'text', text: 'Read' }, part] }] });
    expect(contracts.errors(post('/perplexity/chat/completions', withPart({ type: 'file_url', file_url: { url: 'JVBER' }, file_name: 'a.pdf' })))).toEqual([]);
    expect(contracts.errors(post('/perplexity/chat/completions', withPart({ type: 'file_url', file_url: 'JVBER' })))).toEqual([
      'upstream /perplexity/chat/completions (openai spec): /messages/0/content/1 is not a valid file_url part',
    ]);
    expect(contracts.errors(post('/groq/openai/v1/chat/completions', withPart({ type: 'file_url', file_url: { url: 'JVBER' } })))).not.toEqual([]);
  });

  it('Gemini bodies are checked; other providers and non-POST requests are not', () => {
    expect(contracts.errors(post('/gemini/v1beta/models/g:generateContent', { contents: [{ parts: [{ text: 5 }] }] }))).not.toEqual([]);
    expect(contracts.errors(post('/anthropic/v1/messages', { anything: true }))).toEqual([]);
    expect(contracts.errors({ ...post('/openai/v1/responses', 'x'), method: 'GET' })).toEqual([]);
  });
});
