import type { ErrorCode } from '../../errors/error-specs.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { UpstreamFailure } from '../provider-adapter.js';

/** Retry-After as milliseconds: delta-seconds or an HTTP date (relative to `nowMs`). */
export function parseRetryAfter(headers: Readonly<Record<string, string>>, nowMs = Date.now()): number | undefined {
  const retryAfterMs = headers['retry-after-ms'];
  if (retryAfterMs !== undefined && /^\d+(\.\d+)?$/.test(retryAfterMs.trim())) return Math.ceil(Number(retryAfterMs));
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const CONTEXT_PATTERNS = [
  /context[ _-]?length/i,
  /context window/i,
  /maximum context/i,
  /prompt is too long/i,
  /too many (input )?tokens/i,
  /input token count .* exceeds/i,
  /reduce the length of the messages/i,
];

export function looksLikeContextLengthError(message: string): boolean {
  return CONTEXT_PATTERNS.some((pattern) => pattern.test(message));
}

/** The default code for an upstream HTTP status, before provider-specific refinements. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'upstream_auth_failed';
  if (status === 402) return 'upstream_quota_exceeded';
  if (status === 404) return 'upstream_not_found';
  if (status === 408 || status === 504) return 'upstream_timeout';
  if (status === 413 || status === 422 || (status >= 400 && status < 429)) return 'upstream_rejected';
  if (status === 429) return 'upstream_rate_limited';
  if (status === 503 || status === 529) return 'upstream_overloaded';
  return 'upstream_unavailable';
}

export interface MappedErrorInput {
  readonly failure: UpstreamFailure;
  readonly provider: string;
  /** The provider's human-readable message, extracted by the adapter. */
  readonly message: string | undefined;
  readonly providerCode?: string | undefined;
  /** Overrides the status-based default (e.g. Anthropic `overloaded_error`). */
  readonly code?: ErrorCode | undefined;
}

/** Builds the GatewayError for a provider failure: status default, context-length detection, Retry-After, raw body. */
export function mapUpstreamError(input: MappedErrorInput): GatewayError {
  const { failure, provider } = input;
  const message = input.message ?? `HTTP ${failure.status}`;
  let code = input.code ?? codeForStatus(failure.status);
  if (code === 'upstream_rejected' && looksLikeContextLengthError(message)) code = 'context_length_exceeded';
  const retryAfterMs = parseRetryAfter(failure.headers);
  return new GatewayError(code, `${provider}: ${message}`, {
    provider,
    upstreamStatus: failure.status,
    raw: failure.body,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(input.providerCode === undefined ? {} : { providerCode: input.providerCode }),
  });
}
