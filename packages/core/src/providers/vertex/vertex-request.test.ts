import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { BuildContext, ProviderSettings } from '../provider-adapter.js';
import { VERTEX_ANTHROPIC_VERSION, vertexAnthropicAdapter } from './vertex-anthropic-adapter.js';
import { vertexGeminiAdapter } from './vertex-gemini-adapter.js';
import { vertexBaseUrl, vertexModelUrl } from './vertex-request.js';

const REGIONAL = 'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1';
const GLOBAL_TEMPLATE = 'https://global-aiplatform.googleapis.com/v1/projects/my-proj/locations/global';

function settings(baseUrl = REGIONAL): ProviderSettings {
  return {
    id: 'google-vertex',
    name: 'Google Vertex',
    baseUrl,
    apiKey: undefined,
    headers: { 'x-goog-user-project': 'billing-proj' },
    timeoutMs: 60_000,
    options: { project: 'my-proj', location: 'us-central1' },
  };
}

const TOOL_REQUEST: ChatCompletionRequest = {
  model: 'x',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris?' },
  ],
  max_tokens: 300,
  temperature: 0.2,
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  tool_choice: 'auto',
};

function ctx(overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    request: TOOL_REQUEST,
    upstreamModel: 'gemini-2.5-flash',
    settings: settings(),
    stream: false,
    maxCompletionTokens: 8192,
    now: new Date('2026-01-01T00:00:00Z'),
    accessToken: 'ya29.test-token',
    ...overrides,
  };
}

describe('Vertex URLs', () => {
  it('keeps a regional base and rewrites the global location host', () => {
    expect(vertexBaseUrl(`${REGIONAL}/`)).toBe(REGIONAL);
    expect(vertexBaseUrl(GLOBAL_TEMPLATE)).toBe('https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global');
    // Only the exact `global-` host is rewritten (a proxy or a test server is left alone).
    expect(vertexBaseUrl('http://127.0.0.1:9/global-aiplatform.googleapis.com')).toBe('http://127.0.0.1:9/global-aiplatform.googleapis.com');
  });

  it('builds publisher model paths, and takes a model with a slash as a resource path', () => {
    expect(vertexModelUrl(REGIONAL, 'google', 'gemini-2.5-pro', 'generateContent')).toBe(
      `${REGIONAL}/publishers/google/models/gemini-2.5-pro:generateContent`,
    );
    expect(vertexModelUrl(GLOBAL_TEMPLATE, 'anthropic', 'claude-sonnet-4-5@20250929', 'rawPredict')).toBe(
      'https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
    );
    expect(vertexModelUrl(REGIONAL, 'google', 'endpoints/123', 'generateContent')).toBe(`${REGIONAL}/endpoints/123:generateContent`);
  });
});

describe('vertex-gemini buildRequest', () => {
  it('POSTs the Gemini body to generateContent with the bearer token (snapshot)', () => {
    const spec = vertexGeminiAdapter.buildRequest(ctx());
    expect(spec.url).toBe(`${REGIONAL}/publishers/google/models/gemini-2.5-flash:generateContent`);
    expect(spec.headers).toEqual({
      'content-type': 'application/json',
      authorization: 'Bearer ya29.test-token',
      'x-goog-user-project': 'billing-proj',
    });
    expect(spec.headers).not.toHaveProperty('x-goog-api-key');
    expect(spec.framing).toBe('json');
    const body = JSON.parse(spec.body) as Record<string, unknown>;
    expect(body).toHaveProperty('systemInstruction');
    expect(body).toHaveProperty('tools');
    expect(body).not.toHaveProperty('model');
    expect(spec).toMatchSnapshot();
  });

  it('streams from streamGenerateContent?alt=sse on the global host', () => {
    const spec = vertexGeminiAdapter.buildRequest(ctx({ stream: true, settings: settings(GLOBAL_TEMPLATE) }));
    expect(spec.url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(spec.framing).toBe('sse');
  });

  it('refuses to build without an access token: upstream_auth_failed naming the provider', () => {
    const { accessToken: _unused, ...withoutToken } = ctx();
    const build = () => vertexGeminiAdapter.buildRequest(withoutToken);
    expect(build).toThrow(GatewayError);
    try {
      build();
    } catch (error) {
      expect(GatewayError.is(error) && error.code).toBe('upstream_auth_failed');
      expect(GatewayError.is(error) && error.options.provider).toBe('Google Vertex');
      expect(String(error)).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
    }
  });
});

describe('vertex-anthropic buildRequest', () => {
  const claude = (stream: boolean) => ctx({ upstreamModel: 'claude-sonnet-4-5@20250929', stream });

  it('POSTs the Messages body without model, with anthropic_version, to rawPredict (snapshot)', () => {
    const spec = vertexAnthropicAdapter.buildRequest(claude(false));
    expect(spec.url).toBe(`${REGIONAL}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`);
    expect(spec.headers['authorization']).toBe('Bearer ya29.test-token');
    expect(spec.headers).not.toHaveProperty('anthropic-version');
    expect(spec.headers).not.toHaveProperty('x-api-key');
    const body = JSON.parse(spec.body) as Record<string, unknown>;
    expect(body).not.toHaveProperty('model');
    expect(body['anthropic_version']).toBe(VERTEX_ANTHROPIC_VERSION);
    expect(body['anthropic_version']).toBe('vertex-2023-10-16');
    expect(body['max_tokens']).toBe(300);
    expect(body['system']).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(body['stream']).toBe(false);
    expect(spec).toMatchSnapshot();
  });

  it('streams from streamRawPredict with Anthropic SSE framing', () => {
    const spec = vertexAnthropicAdapter.buildRequest(claude(true));
    expect(spec.url).toBe(`${REGIONAL}/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`);
    expect(spec.framing).toBe('sse');
    expect((JSON.parse(spec.body) as Record<string, unknown>)['stream']).toBe(true);
  });

  it('refuses to build without an access token', () => {
    expect(() => vertexAnthropicAdapter.buildRequest({ ...claude(false), accessToken: '' })).toThrow(/no Google access token/);
  });
});

describe('adapter declarations', () => {
  it('declares both kinds with capabilities and inline remote media', () => {
    expect(vertexGeminiAdapter.kind).toBe('vertex-gemini');
    expect(vertexAnthropicAdapter.kind).toBe('vertex-anthropic');
    for (const adapter of [vertexGeminiAdapter, vertexAnthropicAdapter]) {
      expect(adapter.inlineRemoteMedia).toBe(true);
      expect(adapter.capabilities?.streaming).toBe('native');
      expect(adapter.capabilities?.tools).toBe('native');
    }
    expect(vertexAnthropicAdapter.capabilities?.audio_input).toBe('unsupported');
    expect(vertexGeminiAdapter.capabilities?.audio_input).toBe('native');
  });
});
