import type { ChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { filterUnsupportedParameters, usedParameters } from './filter-parameters.js';
import { decideAttempt, DEFAULT_RETRY } from './retry-policy.js';
import { levenshtein, suggestIds } from './suggest.js';

describe('filterUnsupportedParameters', () => {
  const request = {
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    temperature: 0.2,
    top_k: 5,
    max_completion_tokens: 100,
    tools: [{ type: 'function', function: { name: 'f' } }],
    provider: { order: ['x'] },
  } as ChatCompletionRequest;

  it('drops governed parameters the endpoint does not list, keeps the rest', () => {
    const { request: out, dropped } = filterUnsupportedParameters(request, new Set(['temperature', 'max_tokens']));
    expect([...dropped].sort()).toEqual(['tools', 'top_k']);
    expect(out).toMatchObject({ temperature: 0.2, max_completion_tokens: 100, provider: { order: ['x'] } });
    expect(out).not.toHaveProperty('top_k');
    expect(request).toHaveProperty('top_k');
  });

  it('returns the same object when nothing is dropped', () => {
    const all = new Set(usedParameters(request));
    expect(filterUnsupportedParameters(request, all).request).toBe(request);
  });
});

describe('decideAttempt', () => {
  const never = () => 0;
  it.each([
    ['5xx retries once, then moves on', new GatewayError('upstream_unavailable', 'x'), 0, { action: 'retry-same', delayMs: 500 }],
    ['…second failure moves on', new GatewayError('upstream_unavailable', 'x'), 1, { action: 'next-endpoint' }],
    ['short Retry-After is waited for', new GatewayError('upstream_rate_limited', 'x', { retryAfterMs: 1500 }), 0, { action: 'retry-same', delayMs: 1500 }],
    ['long Retry-After moves on', new GatewayError('upstream_rate_limited', 'x', { retryAfterMs: 30_000 }), 0, { action: 'next-endpoint' }],
    ['context length falls back', new GatewayError('context_length_exceeded', 'x'), 0, { action: 'next-endpoint' }],
    ['invalid request gives up', new GatewayError('upstream_rejected', 'x'), 0, { action: 'give-up' }],
    ['client gone gives up', new GatewayError('client_closed', 'x'), 0, { action: 'give-up' }],
    ['internal bug gives up', new GatewayError('internal', 'x'), 0, { action: 'give-up' }],
  ] as const)('%s', (_name, error, retries, expected) => {
    expect(decideAttempt(error, retries, DEFAULT_RETRY, never)).toEqual(expected);
  });

  it('jitters backoff down by at most 25 %', () => {
    const error = new GatewayError('upstream_overloaded', 'x');
    expect(decideAttempt(error, 0, DEFAULT_RETRY, () => 0.999)).toEqual({ action: 'retry-same', delayMs: 375 });
  });
});

describe('suggestIds', () => {
  const known = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/gpt-4.1-nano', 'anthropic/claude-sonnet-4.5', 'meta-llama/llama-3.3-70b-instruct'];
  it.each([
    ['openai/gpt-4.1-nan', 'openai/gpt-4.1-nano'],
    ['gpt-4o', 'openai/gpt-4o'],
    ['anthropic/claude-sonet-4.5', 'anthropic/claude-sonnet-4.5'],
    ['llama-3.3-70b-instruct', 'meta-llama/llama-3.3-70b-instruct'],
  ])('%s → %s', (wanted, first) => {
    expect(suggestIds(wanted, known)[0]).toBe(first);
  });
  it('suggests nothing for something unrelated', () => {
    expect(suggestIds('zzz/qqqqqqqqqq', known)).toEqual([]);
  });
  it('levenshtein', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('abc', 'abcdefgh', 2)).toBe(3);
  });
});

describe('response_format support', () => {
  const withFormat = (type: 'json_object' | 'json_schema') =>
    ({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      response_format: type === 'json_schema' ? { type, json_schema: { name: 'x', schema: {} } } : { type },
    }) as ChatCompletionRequest;
  it('keeps json_schema only where structured_outputs is supported', () => {
    expect(filterUnsupportedParameters(withFormat('json_schema'), new Set(['response_format'])).dropped).toEqual(['response_format']);
    expect(filterUnsupportedParameters(withFormat('json_schema'), new Set(['structured_outputs'])).dropped).toEqual([]);
  });
  it('keeps json_object where response_format is supported', () => {
    expect(filterUnsupportedParameters(withFormat('json_object'), new Set(['response_format'])).dropped).toEqual([]);
    expect(filterUnsupportedParameters(withFormat('json_object'), new Set([])).dropped).toEqual(['response_format']);
  });
});
