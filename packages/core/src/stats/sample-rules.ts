import type { ErrorCode } from '../errors/error-specs.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { EndpointSample } from '../ports/endpoint-stats.js';

/**
 * Errors that say something about the endpoint's health (it is down, slow, overloaded, rate limited,
 * misconfigured or answers garbage). Errors caused by the request itself (invalid, too long for the
 * context, refused by content policy) or by the client leaving do not count against the endpoint.
 */
const ENDPOINT_FAULTS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'upstream_timeout',
  'upstream_rate_limited',
  'upstream_overloaded',
  'upstream_unavailable',
  'upstream_bad_response',
  'upstream_auth_failed',
  'upstream_quota_exceeded',
  'upstream_not_found',
]);

export function countsAgainstEndpoint(error: GatewayError): boolean {
  return ENDPOINT_FAULTS.has(error.code);
}

/** The failure sample for `error`, or undefined when the error is not the endpoint's fault. */
export function failureSample(endpointId: string, at: Date, error: GatewayError): EndpointSample | undefined {
  if (!countsAgainstEndpoint(error)) return undefined;
  return { kind: 'failure', endpointId, at, rateLimited: error.code === 'upstream_rate_limited', errorCode: error.code };
}
