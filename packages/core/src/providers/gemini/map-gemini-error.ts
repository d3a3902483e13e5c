import type { ErrorCode } from '../../errors/error-specs.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asString } from '../../json.js';
import { mapUpstreamError } from '../shared/map-http-error.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { readGeminiError, type GeminiErrorView } from './gemini-api-types.js';

const RPC = 'type.googleapis.com/google.rpc.';

/** google.rpc status names whose meaning is sharper than the HTTP status alone. */
const CODE_BY_STATUS: Readonly<Record<string, ErrorCode>> = {
  RESOURCE_EXHAUSTED: 'upstream_rate_limited',
  UNAVAILABLE: 'upstream_overloaded',
  DEADLINE_EXCEEDED: 'upstream_timeout',
  CANCELLED: 'upstream_unavailable',
  UNAUTHENTICATED: 'upstream_auth_failed',
  PERMISSION_DENIED: 'upstream_auth_failed',
  NOT_FOUND: 'upstream_not_found',
  INTERNAL: 'upstream_unavailable',
};

/** `google.rpc.RetryInfo.retryDelay` ("20s", "34.4s") in milliseconds. */
export function retryDelayMs(error: GeminiErrorView): number | undefined {
  const info = error.details.find((detail) => detail['@type'] === `${RPC}RetryInfo`);
  const delay = asString(info?.['retryDelay']);
  const match = delay === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
  return match === null ? undefined : Math.ceil(Number(match[1]) * 1000);
}

function errorReasons(error: GeminiErrorView): string[] {
  return error.details
    .filter((detail) => detail['@type'] === `${RPC}ErrorInfo`)
    .flatMap((detail) => asString(detail['reason']) ?? []);
}

function codeFor(error: GeminiErrorView | undefined): ErrorCode | undefined {
  if (error === undefined) return undefined;
  if (errorReasons(error).includes('API_KEY_INVALID')) return 'upstream_auth_failed';
  return error.status === undefined ? undefined : CODE_BY_STATUS[error.status];
}

/** Text bodies (HTML error pages from Google's front end) are kept in `raw`, not in the message. */
function textMessage(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const text = body.trim();
  return text === '' || text.startsWith('<') || text.length > 300 ? undefined : text;
}

/**
 * A Gemini error `{error: {code, message, status, details}}` → GatewayError. The HTTP status decides
 * by default (400 → upstream_rejected, or context_length_exceeded for token-count overflows); the rpc
 * status and ErrorInfo reason refine it; RetryInfo.retryDelay becomes retryAfterMs.
 */
export function mapGeminiError(failure: UpstreamFailure, provider: string): GatewayError {
  const error = readGeminiError(failure.body);
  const mapped = mapUpstreamError({
    failure,
    provider,
    message: error?.message ?? textMessage(failure.body),
    providerCode: error?.status,
    code: codeFor(error),
  });
  const delay = error === undefined ? undefined : retryDelayMs(error);
  if (delay === undefined || mapped.options.retryAfterMs !== undefined) return mapped;
  return new GatewayError(mapped.code, mapped.message, { ...mapped.options, retryAfterMs: delay });
}
