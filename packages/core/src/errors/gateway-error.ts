import { ERROR_SPECS, type ApiErrorType, type ErrorCode } from './error-specs.js';

export interface GatewayErrorOptions {
  /** Provider display name, e.g. "Anthropic". */
  readonly provider?: string;
  readonly upstreamStatus?: number;
  readonly retryAfterMs?: number;
  /** Provider-specific error code, e.g. "rate_limit_error". */
  readonly providerCode?: string;
  /** The raw provider error body (string or parsed JSON), kept for `metadata.raw`. */
  readonly raw?: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

const MARKER = Symbol.for('switchyard.gateway-error');

export class GatewayError extends Error {
  readonly [MARKER] = true;
  readonly status: number;
  readonly retryable: boolean;
  readonly fallback: boolean;
  readonly errorType: ApiErrorType;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: GatewayErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    const spec = ERROR_SPECS[code];
    this.status = spec.status;
    this.retryable = spec.retryable;
    this.fallback = spec.fallback;
    this.errorType = spec.errorType;
  }

  static is(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** Any thrown value as a GatewayError; unknown values become `internal` with the original as cause. */
  static from(value: unknown): GatewayError {
    if (GatewayError.is(value)) return value;
    return new GatewayError('internal', 'Internal Server Error', { cause: value });
  }
}
