import { errorFacts } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../errors/error-specs.js';
import { cohereAdapter } from './cohere-adapter.js';

/**
 * Cohere's documented statuses and example messages (docs.cohere.com/reference/errors): the body is
 * `{"message": string}`; 498 is an invalid token and 499 a cancelled request.
 */
const TABLE: readonly (readonly [number, string, ErrorCode, boolean, boolean])[] = [
  // status, message, code, retryable, fallback
  [400, 'invalid request: message must be at least 1 token long or tool results must be specified.', 'upstream_rejected', false, false],
  [400, 'too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292. Try using a shorter prompt, or enabling prompt truncating.', 'context_length_exceeded', false, true],
  [400, "too many tokens: size limit exceeded by 11326 tokens. Try using shorter or fewer inputs, or setting prompt_truncation='AUTO'.", 'context_length_exceeded', false, true],
  [400, 'too many tokens: max tokens must be less than or equal to 4096, the maximum output for this model - received 8192.', 'upstream_rejected', false, false],
  [401, 'invalid api token', 'upstream_auth_failed', false, true],
  [402, 'Please add or update your payment method at https://dashboard.cohere.com/billing?tab=payment to continue', 'upstream_quota_exceeded', false, true],
  [404, "model 'command-z' not found, make sure the correct model ID was used and that you have access to the model.", 'upstream_not_found', false, true],
  [422, 'invalid request: temperature must be between 0 and 5', 'upstream_rejected', false, false],
  [429, 'You are using a Trial key, which is limited to 20 API calls / minute.', 'upstream_rate_limited', true, true],
  [498, 'blocked input: the API key is invalid', 'upstream_auth_failed', false, true],
  [499, 'request cancelled', 'upstream_unavailable', true, true],
  [500, 'internal server error, this has been reported to our developers', 'upstream_unavailable', true, true],
  [503, 'service unavailable', 'upstream_overloaded', true, true],
  [504, 'gateway timeout', 'upstream_timeout', true, true],
];

describe('Cohere error mapping', () => {
  it.each(TABLE)('%i %s → %s', (status, message, code, retryable, fallback) => {
    const body = { message };
    const error = cohereAdapter.mapError({ status, headers: {}, body }, 'Cohere');
    expect([error.code, error.retryable, error.fallback]).toEqual([code, retryable, fallback]);
    expect(error.message).toBe(`Cohere: ${message}`);
    expect(error.options.provider).toBe('Cohere');
    expect(error.options.upstreamStatus).toBe(status);
    expect(error.options.raw).toEqual(body);
  });

  it('429 keeps Retry-After', () => {
    const error = cohereAdapter.mapError({ status: 429, headers: { 'retry-after': '12' }, body: { message: 'rate limited' } }, 'Cohere');
    expect(errorFacts(error)).toMatchSnapshot();
    expect(error.options.retryAfterMs).toBe(12_000);
  });

  it('text and HTML bodies: short text is the message, HTML stays in raw only', () => {
    const text = cohereAdapter.mapError({ status: 502, headers: {}, body: 'upstream connect error' }, 'Cohere');
    expect([text.code, text.message]).toEqual(['upstream_unavailable', 'Cohere: upstream connect error']);
    const html = cohereAdapter.mapError({ status: 502, headers: {}, body: '<html><body>Bad Gateway</body></html>' }, 'Cohere');
    expect([html.message, html.options.raw]).toEqual(['Cohere: HTTP 502', '<html><body>Bad Gateway</body></html>']);
  });

  it('an error-shaped 200 body fails parseResponse with the mapped error', () => {
    expect(() => cohereAdapter.parseResponse({ message: 'invalid api token' }, 'Cohere')).toThrow('Cohere: invalid api token');
    expect(() => cohereAdapter.parseResponse({ id: 'x' }, 'Cohere')).toThrow('Cohere: the answer is not a Cohere chat response');
  });
});
