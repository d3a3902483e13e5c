import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { asUsage } from './api-errors.js';
import { exitCodeOf, oneLineMessage, UsageError } from './errors.js';

describe('oneLineMessage', () => {
  it('joins a multi-line message (a config file with several problems) into one line', () => {
    expect(oneLineMessage(new Error('switchyard.yaml is invalid:\n  server.port: expected number\n  providers[0].id: required'))).toBe(
      'switchyard.yaml is invalid: server.port: expected number providers[0].id: required',
    );
  });

  it('appends the cause when it says more, not when the message already has it', () => {
    expect(oneLineMessage(new Error('database migration 0003 failed', { cause: new Error('disk I/O error') }))).toBe('database migration 0003 failed: disk I/O error');
    expect(oneLineMessage(new Error('x: boom', { cause: new Error('boom') }))).toBe('x: boom');
    expect(oneLineMessage('plain')).toBe('plain');
  });
});

describe('usage errors', () => {
  it('the API parsers\' field errors become usage errors naming the flag', () => {
    const thrown = (() => {
      try {
        return asUsage(() => {
          throw new GatewayError('invalid_request', 'limit_reset: Expected "daily"');
        });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toBe('--limit-reset: Expected "daily"');
    expect(exitCodeOf(thrown)).toBe(2);
  });

  it('other errors pass through with exit code 1', () => {
    const notFound = new GatewayError('not_found', 'gone');
    expect(() => asUsage(() => { throw notFound; })).toThrow(notFound);
    expect(exitCodeOf(notFound)).toBe(1);
  });
});
