import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors/error-specs.js';
import { GatewayError } from '../errors/gateway-error.js';
import { failureSample } from './sample-rules.js';

const at = new Date(0);
const sample = (code: ErrorCode) => failureSample('e', at, new GatewayError(code, 'x'));

describe('failureSample', () => {
  it.each(['upstream_timeout', 'upstream_unavailable', 'upstream_overloaded', 'upstream_bad_response', 'upstream_auth_failed'] as const)(
    'holds %s against the endpoint',
    (code) => {
      expect(sample(code)).toEqual({ kind: 'failure', endpointId: 'e', at, rateLimited: false, errorCode: code });
    },
  );

  it('marks a provider rate limit, which uptime leaves out', () => {
    expect(sample('upstream_rate_limited')).toMatchObject({ rateLimited: true });
  });

  it.each(['upstream_rejected', 'context_length_exceeded', 'content_filtered', 'client_closed', 'internal'] as const)(
    'does not hold %s (the request or the client, not the endpoint) against it',
    (code) => {
      expect(sample(code)).toBeUndefined();
    },
  );
});
