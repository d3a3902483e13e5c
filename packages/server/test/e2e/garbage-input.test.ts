import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => t.close());

const user = (content: unknown) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] });

/** Bodies a careless or hostile client might send; none may crash the gateway or reach a provider. */
const NASTY: [string, unknown][] = [
  ['a JSON array', [1, 2, 3]],
  ['a JSON string', 'hello'],
  ['null', null],
  ['messages not an array', { model: 'openai/gpt-4o-mini', messages: 'hi' }],
  ['an empty messages array', { model: 'openai/gpt-4o-mini', messages: [] }],
  ['a message without role', { model: 'openai/gpt-4o-mini', messages: [{ content: 'x' }] }],
  ['an unknown role', { model: 'openai/gpt-4o-mini', messages: [{ role: 'wizard', content: 'x' }] }],
  ['content of the wrong type', user(42)],
  ['a part of an unknown type', user([{ type: 'hologram', data: 'x' }])],
  ['an image part without url', user([{ type: 'image_url', image_url: {} }])],
  ['model not a string', { model: 7, messages: [{ role: 'user', content: 'x' }] }],
  ['no model at all', { messages: [{ role: 'user', content: 'x' }] }],
  ['stream not a boolean', { ...user('x'), stream: 'yes' }],
  ['max_tokens negative', { ...user('x'), max_tokens: -5 }],
  ['max_tokens fractional', { ...user('x'), max_tokens: 1.5 }],
  ['temperature NaN-ish string', { ...user('x'), temperature: 'hot' }],
  ['a tool without a name', { ...user('x'), tools: [{ type: 'function', function: {} }] }],
  ['tool_choice nonsense', { ...user('x'), tool_choice: 'sometimes' }],
  ['response_format unknown type', { ...user('x'), response_format: { type: 'yaml' } }],
  ['json_schema without a name', { ...user('x'), response_format: { type: 'json_schema', json_schema: {} } }],
  ['stop with five entries', { ...user('x'), stop: ['a', 'b', 'c', 'd', 'e'] }],
  ['models not an array', { ...user('x'), models: 'openai/gpt-4o' }],
  ['reasoning effort unknown', { ...user('x'), reasoning: { effort: 'extreme' } }],
  ['deeply nested junk', { ...user('x'), metadata: { a: { b: { c: [1, { d: null }] } } } }],
];

describe('garbage in, clear 400s out', () => {
  it.each(NASTY)('%s → 400 in the OpenRouter envelope', async (_name, body) => {
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: number; message: string } };
    expect(json.error.code).toBe(400);
    expect(json.error.message.length).toBeGreaterThan(5);
  });

  it('invalid UTF-8 and binary bodies → 400', async () => {
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x22]),
    });
    expect(response.status).toBe(400);
  });

  it('tool call arguments that are not JSON, for a provider that needs objects → 400 naming the field', async () => {
    const response = await fetch(`${t.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'anthropic/claude-sonnet-4.5',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{not json' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('arguments');
  });

  it('the gateway is still up and no garbage reached a provider', async () => {
    expect((await fetch(`${t.gateway.url}/health`)).status).toBe(200);
    expect(t.upstream.requests).toEqual([]);
  });
});
