import type { ErrorCode } from '../../errors/error-specs.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { mapUpstreamError } from '../shared/map-http-error.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { readCohereErrorMessage } from './cohere-api-types.js';

/**
 * Cohere's own statuses beyond the usual ones: 498 (invalid token: the gateway's key is blocked or
 * wrong) and 499 (request cancelled on Cohere's side, retryable per its docs).
 */
function codeForStatus(status: number): ErrorCode | undefined {
  if (status === 498) return 'upstream_auth_failed';
  if (status === 499) return 'upstream_unavailable';
  return undefined;
}

/** "too many tokens: max tokens must be less than or equal to 4096, the maximum output for this model": a bad max_tokens, not an overflowing prompt. */
const MAX_TOKENS_LIMIT = /max[ _]tokens must be/i;
/** "too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292", "too many tokens: size limit exceeded by 11326 tokens". */
const PROMPT_TOO_LONG = /too many tokens|prompt cannot exceed|size limit exceeded|context length/i;

function textMessage(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const text = body.trim();
  return text === '' || text.startsWith('<') || text.length > 300 ? undefined : text;
}

/**
 * A Cohere error `{"message": "..."}` with its HTTP status → GatewayError: 400 → upstream_rejected,
 * or context_length_exceeded when the prompt does not fit; 401/403/498 → upstream_auth_failed;
 * 402 → upstream_quota_exceeded; 404 → upstream_not_found; 429 → upstream_rate_limited (Retry-After
 * kept); 499/500 → upstream_unavailable; 503 → upstream_overloaded; 504 → upstream_timeout.
 */
export function mapCohereError(failure: UpstreamFailure, provider: string): GatewayError {
  const message = readCohereErrorMessage(failure.body) ?? textMessage(failure.body);
  const mapped = mapUpstreamError({ failure, provider, message, code: codeForStatus(failure.status) });
  const isRejection = mapped.code === 'upstream_rejected' || mapped.code === 'context_length_exceeded';
  if (!isRejection || message === undefined) return mapped;
  const code: ErrorCode = MAX_TOKENS_LIMIT.test(message) ? 'upstream_rejected' : PROMPT_TOO_LONG.test(message) ? 'context_length_exceeded' : mapped.code;
  return code === mapped.code ? mapped : new GatewayError(code, mapped.message, mapped.options);
}
