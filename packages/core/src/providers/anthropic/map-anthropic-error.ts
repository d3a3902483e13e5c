import type { ErrorCode } from '../../errors/error-specs.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString } from '../../json.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { mapUpstreamError } from '../shared/map-http-error.js';

/**
 * Anthropic `error.type` → code (docs.claude.com/en/api/errors). invalid_request_error stays
 * upstream_rejected so that mapUpstreamError can detect "prompt is too long" (context length).
 * Unknown types fall back to the HTTP status default.
 */
function codeForType(type: string | undefined): ErrorCode | undefined {
  switch (type) {
    case 'invalid_request_error':
    case 'request_too_large':
      return 'upstream_rejected';
    case 'authentication_error':
    case 'permission_error':
      return 'upstream_auth_failed';
    case 'billing_error':
      return 'upstream_quota_exceeded';
    case 'not_found_error':
      return 'upstream_not_found';
    case 'rate_limit_error':
      return 'upstream_rate_limited';
    case 'api_error':
      return 'upstream_unavailable';
    case 'overloaded_error':
      return 'upstream_overloaded';
    case 'timeout_error':
      return 'upstream_timeout';
    default:
      return undefined;
  }
}

/** A 400 invalid_request_error that is really an empty account at Anthropic (another provider may serve). */
const CREDIT_EXHAUSTED = /credit balance is too low/i;

/**
 * An Anthropic error body `{ type: "error", error: { type, message }, request_id }` (HTTP error, or an
 * `error` event inside a stream) → GatewayError. The raw body is kept; Retry-After is honoured.
 */
export function mapAnthropicError(failure: UpstreamFailure, provider: string): GatewayError {
  const error = asRecord(asRecord(failure.body)?.['error']);
  const type = asString(error?.['type']);
  const message = asString(error?.['message']) ?? bodyText(failure.body);
  let code = codeForType(type);
  if (message !== undefined && CREDIT_EXHAUSTED.test(message)) code = 'upstream_quota_exceeded';
  return mapUpstreamError({ failure, provider, message, providerCode: type, code });
}

/** A non-JSON error body (e.g. an HTML page from a proxy), shortened. */
function bodyText(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const text = body.trim();
  return text === '' ? undefined : text.slice(0, 500);
}
