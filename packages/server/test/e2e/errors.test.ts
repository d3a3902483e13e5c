import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@switchyard/test-support';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway } from '../support/harness.js';

const spec = createSpecValidator('openrouter');
const SCHEMA_BY_STATUS: Record<number, string> = {
  400: 'BadRequestResponse',
  401: 'UnauthorizedResponse',
  403: 'ForbiddenResponse',
  404: 'NotFoundResponse',
  413: 'PayloadTooLargeResponse',
  429: 'TooManyRequestsResponse',
  502: 'BadGatewayResponse',
  503: 'ServiceUnavailableResponse',
};

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ config: { server: { body_limit_bytes: 64 * 1024 } } });
});
afterAll(async () => t.close());

async function post(body: string | object, key: string | null = API_KEY, path = '/chat/completions') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  const response = await fetch(`${t.baseURL}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as { error: { code: number; message: string; metadata?: Record<string, unknown> } };
  const schema = SCHEMA_BY_STATUS[response.status];
  if (schema !== undefined) expect(spec.errors(schema, json)).toEqual([]);
  expect(json.error.code).toBe(response.status);
  return { status: response.status, error: json.error, headers: response.headers };
}

const valid = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('bad input gets a clear OpenRouter-shaped error and never reaches a provider', () => {
  it('malformed JSON → 400', async () => {
    const { status, error } = await post('{"model": "openai/gpt-4o-mini", "messages": [');
    expect(status).toBe(400);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('an empty body → 400', async () => {
    const { status } = await post('');
    expect(status).toBe(400);
  });

  it('missing messages → 400 naming the field', async () => {
    const { status, error } = await post({ model: 'openai/gpt-4o-mini' });
    expect(status).toBe(400);
    expect(error.message).toMatch(/^messages/);
    expect(error.metadata?.['field']).toBe('messages');
  });

  it('a field out of range → 400 naming the field', async () => {
    const { status, error } = await post({ ...valid, temperature: 7 });
    expect(status).toBe(400);
    expect(error.message).toMatch(/^temperature/);
  });

  it('a malformed message → 400 naming the message', async () => {
    const { status, error } = await post({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'a' }, { role: 'tool', content: 'x' }] });
    expect(status).toBe(400);
    expect(error.message).toMatch(/^messages\[1\]/);
  });

  it('no key → 401; an unknown key → 401', async () => {
    expect((await post(valid, null)).status).toBe(401);
    expect((await post(valid, 'sk-sy-v1-nope')).status).toBe(401);
  });

  it('a provisioning key cannot run completions → 403', async () => {
    const { status, error } = await post(valid, PROVISIONING_KEY);
    expect(status).toBe(403);
    expect(error.message).toMatch(/Management|provisioning/i);
  });

  it('an unknown model → 404 that suggests close ids', async () => {
    const { status, error } = await post({ ...valid, model: 'openai/gpt-4o-mni' });
    expect(status).toBe(404);
    expect(error.message).toContain('openai/gpt-4o-mini');
    expect(error.metadata?.['suggestions']).toContain('openai/gpt-4o-mini');
  });

  it('a model whose providers are all disabled → 503 naming them', async () => {
    const { status, error } = await post({ ...valid, model: 'mistralai/mistral-medium-3.5' });
    expect(status).toBe(503);
    expect(error.message).toContain('mistral');
  });

  it('a body over the limit → 413', async () => {
    const big = { ...valid, messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] };
    expect((await post(big)).status).toBe(413);
  });

  it('an unknown route → 404 in the same envelope', async () => {
    const response = await fetch(`${t.baseURL}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(404);
  });

  it('none of the above reached the provider', () => {
    expect(t.upstream.requests).toEqual([]);
  });
});
