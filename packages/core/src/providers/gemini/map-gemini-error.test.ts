import { errorFacts, readFixture, WITHOUT_PROVIDER } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import { safeParseJson } from '../../json.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { ERROR_FIXTURES } from './__fixtures__/gemini-fixtures.js';
import { geminiAdapter } from './gemini-adapter.js';

const R = 'google/vercel-ai/';
const V = 'google/vertexai-sdk-test-data/';

/**
 * The failure the executor would hand over: the body parsed when it is JSON (else the text) and the
 * HTTP status Google sent, which its envelope repeats as `error.code` (the HTML page is a 404).
 */
function failureOf(file: string, headers: Record<string, string> = {}): UpstreamFailure {
  const text = readFixture(file);
  const parsed = safeParseJson(text);
  if (!parsed.ok) return { status: 404, headers, body: text };
  const code = (parsed.value as { error?: { code?: number } }).error?.code;
  return { status: code ?? 500, headers, body: parsed.value };
}

function withMessage(file: string, message: string): UpstreamFailure {
  const failure = failureOf(file);
  const body = failure.body as { error: Record<string, unknown> };
  return { ...failure, body: { error: { ...body.error, message } } };
}

describe('mapError replays every recorded Google error body', () => {
  it.each(Object.entries(ERROR_FIXTURES))('%s', (file, code) => {
    const failure = failureOf(file);
    const error = geminiAdapter.mapError(failure, 'Google AI Studio');
    expect(error.code).toBe(code);
    expect(error.options.provider).toBe('Google AI Studio');
    expect(error.options.upstreamStatus).toBe(failure.status);
    expect(error.options.raw).toEqual(failure.body);
    expect(errorFacts(error, WITHOUT_PROVIDER)).toMatchSnapshot();
  });
});

describe('mapError key facts', () => {
  it('reads RetryInfo.retryDelay as retryAfterMs on RESOURCE_EXHAUSTED', () => {
    const error = geminiAdapter.mapError(failureOf(`${R}google-429-retry-info.json`), 'Google');
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.options.retryAfterMs).toBe(34_400);
    expect(error.options.providerCode).toBe('RESOURCE_EXHAUSTED');
  });

  it('prefers a Retry-After header over RetryInfo', () => {
    const error = geminiAdapter.mapError(failureOf(`${R}google-429-retry-info.json`, { 'retry-after': '5' }), 'Google');
    expect(error.options.retryAfterMs).toBe(5000);
  });

  it('treats API_KEY_INVALID (HTTP 400) as the gateway credentials failing, not the caller', () => {
    const error = geminiAdapter.mapError(failureOf(`${V}googleai/unary-failure-api-key.json`), 'Google');
    expect(error.code).toBe('upstream_auth_failed');
    expect(error.fallback).toBe(true);
    expect(error.message).toBe('Google: API key not valid. Please pass a valid API key.');
  });

  it('maps a token-count overflow INVALID_ARGUMENT to context_length_exceeded', () => {
    // The recorded INVALID_ARGUMENT envelope with Gemini's token-limit wording (no recording of that case).
    const failure = withMessage(
      `${V}vertexai/unary-failure-image-rejected.json`,
      'The input token count (1196265) exceeds the maximum number of tokens allowed (1048576).',
    );
    expect(geminiAdapter.mapError(failure, 'Google').code).toBe('context_length_exceeded');
    expect(geminiAdapter.mapError(failureOf(`${V}vertexai/unary-failure-image-rejected.json`), 'Google').code).toBe(
      'upstream_rejected',
    );
  });

  it('maps UNAVAILABLE to upstream_overloaded and INTERNAL to upstream_unavailable', () => {
    const base = failureOf(`${V}vertexai/unary-failure-image-rejected.json`);
    const envelope = (base.body as { error: Record<string, unknown> }).error;
    const unavailable = { status: 503, headers: {}, body: { error: { ...envelope, code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded.' } } };
    const internal = { status: 500, headers: {}, body: { error: { ...envelope, code: 500, status: 'INTERNAL', message: 'Internal error' } } };
    expect(geminiAdapter.mapError(unavailable, 'Google').code).toBe('upstream_overloaded');
    expect(geminiAdapter.mapError(internal, 'Google').code).toBe('upstream_unavailable');
  });

  it('keeps an HTML error page in raw but not in the message', () => {
    const error = geminiAdapter.mapError(failureOf(`${V}vertexai/unary-failure-invalid-location-url-not-found.html`), 'Google');
    expect(error.code).toBe('upstream_not_found');
    expect(error.message).toBe('Google: HTTP 404');
    expect(String(error.options.raw)).toMatch(/^<!DOCTYPE html>/);
  });
});
