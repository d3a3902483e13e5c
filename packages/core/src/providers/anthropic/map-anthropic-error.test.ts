import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/**
 * The fixtures hold no recorded Anthropic error body, so these bodies follow the documented shape
 * (docs.claude.com/en/api/errors): { type: "error", error: { type, message }, request_id }.
 */
function docsBody(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' };
}

function failure(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamFailure {
  return { status, headers, body };
}

describe('mapAnthropicError (bodies in the documented shape; no recorded error fixture exists)', () => {
  it.each([
    [400, 'invalid_request_error', 'max_tokens: Field required', 'upstream_rejected', 400],
    [401, 'authentication_error', 'invalid x-api-key', 'upstream_auth_failed', 502],
    [403, 'permission_error', 'Your API key does not have permission to use the specified resource.', 'upstream_auth_failed', 502],
    [402, 'billing_error', 'Your account has a billing issue.', 'upstream_quota_exceeded', 502],
    [404, 'not_found_error', 'model: claude-nope', 'upstream_not_found', 502],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', 'upstream_rejected', 400],
    [429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', 'upstream_rate_limited', 429],
    [500, 'api_error', 'Internal server error', 'upstream_unavailable', 502],
    [529, 'overloaded_error', 'Overloaded', 'upstream_overloaded', 503],
    [504, 'timeout_error', 'Request timed out', 'upstream_timeout', 408],
  ] as const)('%i %s → %s', (status, type, message, code, gatewayStatus) => {
    const body = docsBody(type, message);
    const error = anthropicAdapter.mapError(failure(status, body), 'Anthropic');
    expect(error.code).toBe(code);
    expect(error.status).toBe(gatewayStatus);
    expect(error.message).toBe(`Anthropic: ${message}`);
    expect(error.options).toMatchObject({ provider: 'Anthropic', upstreamStatus: status, providerCode: type, raw: body });
  });

  it('overloaded_error wins over a non-529 status', () => {
    expect(anthropicAdapter.mapError(failure(500, docsBody('overloaded_error', 'Overloaded')), 'Anthropic').code).toBe('upstream_overloaded');
  });

  it('429 keeps Retry-After as retryAfterMs', () => {
    const error = anthropicAdapter.mapError(failure(429, docsBody('rate_limit_error', 'slow down'), { 'retry-after': '7' }), 'Anthropic');
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.options.retryAfterMs).toBe(7000);
  });

  it('"prompt is too long" → context_length_exceeded (fallback to a larger model allowed)', () => {
    const error = anthropicAdapter.mapError(failure(400, docsBody('invalid_request_error', 'prompt is too long: 215000 tokens > 200000 maximum')), 'Anthropic');
    expect(error.code).toBe('context_length_exceeded');
    expect(error.fallback).toBe(true);
  });

  it('an exhausted credit balance (400 invalid_request_error) → upstream_quota_exceeded', () => {
    const message = 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.';
    const error = anthropicAdapter.mapError(failure(400, docsBody('invalid_request_error', message)), 'Anthropic');
    expect(error.code).toBe('upstream_quota_exceeded');
    expect(error.fallback).toBe(true);
  });

  it('a non-JSON body (proxy HTML page) falls back to the status and keeps the text', () => {
    const error = anthropicAdapter.mapError(failure(502, '<html>Bad Gateway</html>'), 'Anthropic EU');
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toBe('Anthropic EU: <html>Bad Gateway</html>');
    expect(error.options.raw).toBe('<html>Bad Gateway</html>');
  });
});

describe('parseResponse on bodies that are not a message', () => {
  it('throws the mapped error for an error body', () => {
    expect(() => anthropicAdapter.parseResponse(docsBody('overloaded_error', 'Overloaded'), 'Anthropic')).toThrowError(
      expect.objectContaining({ code: 'upstream_overloaded' }),
    );
  });

  it('throws upstream_bad_response for anything without a content array', () => {
    for (const body of [null, 'text', { id: 'msg_1', type: 'message' }]) {
      let thrown: unknown;
      try {
        anthropicAdapter.parseResponse(body, 'Anthropic');
      } catch (error) {
        thrown = error;
      }
      expect(GatewayError.is(thrown) && thrown.code).toBe('upstream_bad_response');
    }
  });
});

describe('mapAnthropicFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['something_new', 'stop'],
    [undefined, 'stop'],
  ] as const)('%s → %s', (native, unified) => {
    expect(mapAnthropicFinishReason(native)).toBe(unified);
  });
});
