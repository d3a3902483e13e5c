import { describe, expect, it } from 'vitest';
import { mapBedrockError } from './map-bedrock-error.js';

const PROVIDER = 'Amazon Bedrock';
const fail = (status: number, type: string | undefined, message: string) =>
  mapBedrockError({ status, headers: type === undefined ? {} : { 'x-amzn-errortype': type }, body: { message } }, PROVIDER);

describe('mapBedrockError', () => {
  it.each([
    [429, 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'Too many requests, please wait before trying again.', 'upstream_rate_limited'],
    [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.', 'upstream_overloaded'],
    [429, 'ModelNotReadyException', 'Model is not ready', 'upstream_unavailable'],
    [400, 'ValidationException', 'The model returned the following errors: messages: field required', 'upstream_rejected'],
    [400, 'ValidationException', 'Input is too long for requested model.', 'context_length_exceeded'],
    [400, 'ValidationException', 'prompt is too long: 210000 tokens > 200000 maximum', 'context_length_exceeded'],
    [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.", 'upstream_auth_failed'],
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'upstream_auth_failed'],
    [404, 'ResourceNotFoundException', 'Could not resolve the foundation model', 'upstream_not_found'],
    [408, 'ModelTimeoutException', 'Model has timed out', 'upstream_timeout'],
    [424, 'ModelErrorException', 'The model errored', 'upstream_unavailable'],
    [400, 'ServiceQuotaExceededException', 'Quota exceeded', 'upstream_rate_limited'],
  ])('%i %s → %s', (status, type, message, code) => {
    const error = mapBedrockError({ status, headers: { 'x-amzn-errortype': type }, body: { message } }, PROVIDER);
    expect(error.code).toBe(code);
    expect(error.message).toBe(`${PROVIDER}: ${message}`);
    expect(error.options.provider).toBe(PROVIDER);
    expect(error.options.raw).toEqual({ message });
    expect(error.options.providerCode).toBe(type.split(':')[0]);
  });

  it('reads the type from the body __type when the header is missing', () => {
    const error = mapBedrockError({ status: 400, headers: {}, body: { __type: 'com.amazon.coral.service#ThrottlingException', Message: 'slow down' } }, PROVIDER);
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.message).toBe('Amazon Bedrock: slow down');
  });

  it('honours Retry-After and falls back on the status for unknown types', () => {
    const error = mapBedrockError({ status: 429, headers: { 'retry-after': '3' }, body: 'rate limited' }, PROVIDER);
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.options.retryAfterMs).toBe(3000);
    expect(fail(500, undefined, 'oops').code).toBe('upstream_unavailable');
  });
});
