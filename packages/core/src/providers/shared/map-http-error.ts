import type { ErrorCode } from '../../errors/error-specs.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { UpstreamFailure } from '../provider-adapter.js';

const SECONDS = /^\d+(\.\d+)?$/;

/**
 * Retry-After (or OpenAI's retry-after-ms) as milliseconds. Only delta forms are read here: the
 * executor rewrites an HTTP-date Retry-After into seconds with its clock (see normalizeRetryAfter),
 * so this stays pure.
 */
export function parseRetryAfter(headers: Readonly<Record<string, string>>): number | undefined {
  const retryAfterMs = headers['retry-after-ms']?.trim();
  if (retryAfterMs !== undefined && SECONDS.test(retryAfterMs)) return Math.ceil(Number(retryAfterMs));
  const value = headers['retry-after']?.trim();
  if (value === undefined || !SECONDS.test(value)) return undefined;
  return Math.ceil(Number(value) * 1000);
}

/** Headers with an HTTP-date Retry-After turned into delta seconds relative to `now`. */
export function normalizeRetryAfter(
  headers: Readonly<Record<string, string>>,
  now: Date,
): Readonly<Record<string, string>> {
  const value = headers['retry-after']?.trim();
  if (value === undefined || SECONDS.test(value)) return headers;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return headers;
  return { ...headers, 'retry-after': String(Math.max(0, Math.ceil((date - now.getTime()) / 1000))) };
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
