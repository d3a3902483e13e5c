import { readFixture, readJsonFixture } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { mapOpenAiCompatibleError, readErrorInfo } from './map-error.js';
import { createOpenAiCompatibleAdapter } from './openai-compatible-adapter.js';

/**
 * Error bodies: OpenAI's come from the recorded fixtures; the other vendors' are quoted verbatim
 * from public issue threads (source in each case), since no fixture records them.
 */
const map = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  mapOpenAiCompatibleError({ status, headers, body }, 'Vendor');

describe('OpenAI envelope (recorded)', () => {
  it('400 unsupported_parameter → upstream_rejected with the message and code', () => {
    const body = readJsonFixture('openai/vercel-ai/openai-chat/reasoning-model-legacy-parameter-error.json');
    const error = map(400, body);
    expect(error.code).toBe('upstream_rejected');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "Vendor: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
    expect(error.options).toMatchObject({ providerCode: 'unsupported_parameter', upstreamStatus: 400, raw: body });
  });

  it('429 insufficient_quota is not a rate limit: upstream_quota_exceeded, not retryable', () => {
    const body = readJsonFixture('openai/vercel-ai/openai-responses/openai-error.1.json');
    const error = map(429, body, { 'retry-after': '20' });
    expect(error.code).toBe('upstream_quota_exceeded');
    expect(error.retryable).toBe(false);
    expect(error.fallback).toBe(true);
  });

  it('a null code falls back to the type', () => {
    const body = readJsonFixture('openai/vercel-ai/openai-responses/reasoning-model-temperature-error.json');
    expect(map(400, body).options.providerCode).toBe('invalid_request_error');
  });
});

describe('status and code rules', () => {
  // chathub-dev/chathub#126
  const contextBody = {
    error: {
      message:
        "This model's maximum context length is 4097 tokens. However, your messages resulted in 4294 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  };

  it('context_length_exceeded', () => {
    expect(map(400, contextBody).code).toBe('context_length_exceeded');
    // Detected from the message too, when the code is missing (Nvidia via OpenRouter, cline/cline#13194).
    const nvidia = { error: { message: contextBody.error.message, type: 'Bad Request', code: 400 } };
    expect(map(400, nvidia).code).toBe('context_length_exceeded');
  });

  it('rate limits keep Retry-After (Groq, Pythagora-io/gpt-pilot#862 and danielmiessler/Fabric#364)', () => {
    const body = {
      error: {
        message:
          'Rate limit reached for model `llama3-70b-8192` in organization `org_01hrsvc1b8ey0anvbgha0xckf2` on tokens per minute (TPM): Limit 7000, Used 0, Requested ~12903. Please try again in 50.597142857s. Visit https://console.groq.com/docs/rate-limits for more information.',
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    };
    const error = map(429, body, { 'retry-after': '2' });
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.options.retryAfterMs).toBe(2000);
  });

  it('401 invalid_api_key → upstream_auth_failed; content policy → content_filtered; 5xx → unavailable', () => {
    const auth = { error: { message: 'Incorrect API key provided: sk-xx.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    expect(map(401, auth).code).toBe('upstream_auth_failed');
    expect(map(400, auth).code).toBe('upstream_auth_failed');
    const policy = { error: { message: 'Your request was rejected as a result of our safety system.', type: 'invalid_request_error', param: null, code: 'content_policy_violation' } };
    expect(map(400, policy).code).toBe('content_filtered');
    expect(map(500, { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } }).code).toBe(
      'upstream_unavailable',
    );
    expect(map(502, '<html>Bad Gateway</html>').code).toBe('upstream_unavailable');
    expect(map(503, 'upstream connect error').code).toBe('upstream_overloaded');
  });

  it('DeepSeek 402 Insufficient Balance (Aider-AI/aider#4851)', () => {
    const body = { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } };
    expect(map(402, body).code).toBe('upstream_quota_exceeded');
    // Even if a proxy turns it into a 400.
    expect(map(400, body).code).toBe('upstream_quota_exceeded');
  });
});

describe('other vendors\u2019 shapes', () => {
  it('Mistral 422 with a detail object in message (Gage-Technologies/mistral-go#3)', () => {
    const body = {
      object: 'error',
      message: {
        detail: [
          { type: 'extra_forbidden', loc: ['body', 'messages', 0, 'user', 'name'], msg: 'Extra inputs are not permitted', input: '', url: 'https://errors.pydantic.dev/2.6/v/extra_forbidden' },
          { type: 'extra_forbidden', loc: ['body', 'messages', 0, 'user', 'tool_calls'], msg: 'Extra inputs are not permitted', input: null, url: 'https://errors.pydantic.dev/2.6/v/extra_forbidden' },
        ],
      },
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
    const error = map(422, body);
    expect(error.code).toBe('upstream_rejected');
    expect(error.message).toBe(
      'Vendor: body.messages.0.user.name: Extra inputs are not permitted; body.messages.0.user.tool_calls: Extra inputs are not permitted',
    );
    expect(error.options.providerCode).toBe('invalid_request_error');
  });

  it('Mistral with the detail as a JSON string and a string code (mistralai/platform-docs-public#7)', () => {
    const body = {
      object: 'error',
      message:
        '{"detail":[{"type":"extra_forbidden","loc":["body","frequency_penalty"],"msg":"Extra inputs are not permitted","input":0.0,"url":"https://errors.pydantic.dev/2.5/v/extra_forbidden"}]}',
      type: 'internal_error_proxy',
      param: null,
      code: '1000',
    };
    expect(readErrorInfo(body)).toEqual({
      message: 'body.frequency_penalty: Extra inputs are not permitted',
      type: 'internal_error_proxy',
      code: '1000',
      status: undefined,
    });
  });

  it('Mistral with a top-level detail array and a numeric code (partITech/php-mistral#76)', () => {
    const detail = [{ type: 'extra_forbidden', loc: ['body', 'tools'], msg: 'Extra inputs are not permitted', input: [] }];
    const body = { object: 'Error', detail, message: detail, type: 'invalid_request_error', code: 3001 };
    const error = map(422, body);
    expect(error.message).toBe('Vendor: body.tools: Extra inputs are not permitted');
    expect(error.options.providerCode).toBe('3001');
  });

  it('xAI: error as a string, code as a description (nocmt/LLMSearchPlus#2)', () => {
    const body = { code: 'Client specified an invalid argument', error: 'The model expects a single `text` element per message.' };
    const error = map(400, body);
    expect(error.code).toBe('upstream_rejected');
    expect(error.message).toBe('Vendor: The model expects a single `text` element per message.');
    expect(error.options.providerCode).toBe('Client specified an invalid argument');
  });

  it('FastAPI detail string, plain text bodies and empty bodies', () => {
    expect(map(404, { detail: 'Not Found' }).message).toBe('Vendor: Not Found');
    expect(map(404, { detail: 'Not Found' }).code).toBe('upstream_not_found');
    expect(map(500, 'Internal Server Error\n').message).toBe('Vendor: Internal Server Error');
    expect(map(500, '').message).toBe('Vendor: HTTP 500');
    expect(map(500, null).message).toBe('Vendor: HTTP 500');
  });

  it('always a GatewayError with the raw body kept', () => {
    const body = { unexpected: true };
    const error = map(418, body);
    expect(GatewayError.is(error)).toBe(true);
    expect(error.options.raw).toBe(body);
  });
});

describe('errors raised while reading a response carry the configured provider name', () => {
  const NAME = 'Acme Proxy';
  const adapter = createOpenAiCompatibleAdapter(OPENAI_COMPATIBLE_FLAVORS['generic'] ?? ({} as never));
  const errorBody = readJsonFixture('openai/vercel-ai/openai-responses/openai-error.1.json');
  const lines = readFixture('openai/vercel-ai/openai-chat/openai-text.chunks.txt')
    .split('\n')
    .filter((line) => line.trim() !== '');

  function streamError(data: readonly string[]): GatewayError | undefined {
    const decoder = adapter.createStreamDecoder(NAME);
    const events: CanonicalEvent[] = [...data.flatMap((line) => decoder.push({ data: line })), ...decoder.end()];
    const last = events.at(-1);
    return last?.type === 'error' ? last.error : undefined;
  }

  function thrownBy(body: unknown): unknown {
    try {
      adapter.parseResponse(body, NAME);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('stream errors (cut, not JSON, error chunk) and parse errors (not an object, no choice, error body) name it', () => {
    const streamErrors = [
      streamError(lines.filter((line) => !line.includes('"finish_reason":"stop"'))),
      streamError([lines[0] ?? '', '{"id": "chatcmpl-D8Z5']),
      streamError([...lines.slice(0, 3), JSON.stringify(errorBody)]),
    ];
    expect(streamErrors.map((error) => error?.code)).toEqual(['upstream_unavailable', 'upstream_bad_response', 'upstream_quota_exceeded']);
    const parseErrors = [thrownBy('nope'), thrownBy({ id: 'x', choices: [] }), thrownBy(errorBody)];
    expect(parseErrors.map((error) => GatewayError.is(error) && error.code)).toEqual(['upstream_bad_response', 'upstream_bad_response', 'upstream_quota_exceeded']);
    for (const error of [...streamErrors, ...parseErrors]) expect(GatewayError.is(error) && error.options.provider).toBe(NAME);
  });
});
