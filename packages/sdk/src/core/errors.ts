/** The error object of OpenRouter's envelope `{ "error": { code, message, metadata? } }`. */
export interface ErrorObject {
  readonly code: number;
  readonly message: string;
  readonly metadata?: Record<string, unknown> | undefined;
}

/** Every error the SDK throws extends this class. */
export class SwitchyardError extends Error {
  override readonly name: string = 'SwitchyardError';
}

/** An answer of the API that is not a success (or a failure to get one: see the subclasses). */
export class APIError extends SwitchyardError {
  override readonly name: string = 'APIError';
  /** The HTTP status; undefined when no answer arrived (connection error, timeout, abort). */
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  /** OpenRouter's error object as the server sent it, when it sent one. */
  readonly error: ErrorObject | undefined;
  /** `error.code` of the body (the HTTP status for Switchyard), else the status. */
  readonly code: number | undefined;
  /** `error.metadata` of the body: `error_type`, `error_code`, `provider_name`, `raw`… */
  readonly metadata: Record<string, unknown> | undefined;

  constructor(status: number | undefined, error: ErrorObject | undefined, message: string | undefined, headers: Headers | undefined) {
    super(APIError.describe(status, error, message));
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.code = error?.code ?? status;
    this.metadata = error?.metadata;
  }

  private static describe(status: number | undefined, error: ErrorObject | undefined, message: string | undefined): string {
    const text = error?.message ?? message;
    if (status !== undefined && text !== undefined) return `${String(status)} ${text}`;
    if (status !== undefined) return `${String(status)} status code (no body)`;
    return text ?? 'Connection error.';
  }

  /** Switchyard's own error code (`metadata.error_code`, e.g. `upstream_rate_limited`), when present. */
  get errorCode(): string | undefined {
    const value = this.metadata?.['error_code'];
    return typeof value === 'string' ? value : undefined;
  }

  /** OpenRouter's stable error type (`metadata.error_type`, e.g. `rate_limit_exceeded`), when present. */
  get errorType(): string | undefined {
    const value = this.metadata?.['error_type'];
    return typeof value === 'string' ? value : undefined;
  }
}

export class BadRequestError extends APIError { override readonly name: string = 'BadRequestError'; }
export class UnauthorizedError extends APIError { override readonly name: string = 'UnauthorizedError'; }
export class PaymentRequiredError extends APIError { override readonly name: string = 'PaymentRequiredError'; }
export class ForbiddenError extends APIError { override readonly name: string = 'ForbiddenError'; }
export class NotFoundError extends APIError { override readonly name: string = 'NotFoundError'; }
export class RequestTimeoutError extends APIError { override readonly name: string = 'RequestTimeoutError'; }
export class ConflictError extends APIError { override readonly name: string = 'ConflictError'; }
export class PayloadTooLargeError extends APIError { override readonly name: string = 'PayloadTooLargeError'; }
export class UnprocessableEntityError extends APIError { override readonly name: string = 'UnprocessableEntityError'; }
export class InternalServerError extends APIError { override readonly name: string = 'InternalServerError'; }
export class BadGatewayError extends APIError { override readonly name: string = 'BadGatewayError'; }
export class ServiceUnavailableError extends APIError { override readonly name: string = 'ServiceUnavailableError'; }
/** 529, or any answer whose `metadata.error_type` is `provider_overloaded` (Switchyard sends those as 503). */
export class ProviderOverloadedError extends ServiceUnavailableError { override readonly name: string = 'ProviderOverloadedError'; }

/** 429. `retryAfter` is in seconds, from `Retry-After` (or `metadata.retry_after_seconds`). */
export class TooManyRequestsError extends APIError {
  override readonly name: string = 'TooManyRequestsError';
  readonly retryAfter: number | undefined;

  constructor(status: number | undefined, error: ErrorObject | undefined, message: string | undefined, headers: Headers | undefined) {
    super(status, error, message, headers);
    this.retryAfter = retryAfterSeconds(headers, error);
  }
}

/** No answer: DNS, refused or reset connection, or a `fetch` that threw. */
export class APIConnectionError extends APIError {
  override readonly name: string = 'APIConnectionError';
  constructor(message = 'Connection error.', options: { cause?: unknown } = {}) {
    super(undefined, undefined, message, undefined);
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** No answer within `timeoutMs`. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name: string = 'APIConnectionTimeoutError';
  constructor(message = 'Request timed out.') {
    super(message);
  }
}

/** The caller aborted the request (its `signal`, the stream's `controller`, or `client.close()`). */
export class APIUserAbortError extends APIError {
  override readonly name: string = 'APIUserAbortError';
  constructor(message = 'Request was aborted.') {
    super(undefined, undefined, message, undefined);
  }
}

/**
 * A failure after the stream started (HTTP 200 already sent): the `error` object of an SSE chunk.
 * `status` is the error's code; the chunk that carried it is kept in `chunk`.
 */
export class StreamError extends APIError {
  override readonly name: string = 'StreamError';
  readonly chunk: unknown;

  constructor(error: ErrorObject, chunk: unknown) {
    super(error.code, error, undefined, undefined);
    this.chunk = chunk;
  }
}

type APIErrorClass = new (status: number | undefined, error: ErrorObject | undefined, message: string | undefined, headers: Headers | undefined) => APIError;

const STATUS_CLASSES: ReadonlyMap<number, APIErrorClass> = new Map<number, APIErrorClass>([
  [400, BadRequestError],
  [401, UnauthorizedError],
  [402, PaymentRequiredError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [408, RequestTimeoutError],
  [409, ConflictError],
  [413, PayloadTooLargeError],
  [422, UnprocessableEntityError],
  [429, TooManyRequestsError],
  [502, BadGatewayError],
  [503, ServiceUnavailableError],
  [529, ProviderOverloadedError],
]);

/** The error class for an answer: the status table, `provider_overloaded` first, 5xx → InternalServerError. */
export function makeAPIError(status: number, body: unknown, headers: Headers | undefined, message?: string): APIError {
  const error = errorObjectOf(body, status);
  const Class: APIErrorClass =
    error?.metadata?.['error_type'] === 'provider_overloaded'
      ? ProviderOverloadedError
      : (STATUS_CLASSES.get(status) ?? (status >= 500 ? InternalServerError : APIError));
  return new Class(status, error, message, headers);
}

/**
 * OpenRouter's `error` object from a parsed body, when the body has one. A `code` that is not a
 * number (some streams send `"server_error"`) becomes `fallbackCode` (the HTTP status, or 500 in a stream).
 */
export function errorObjectOf(body: unknown, fallbackCode = 500): ErrorObject | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const message = typeof record['message'] === 'string' ? record['message'] : JSON.stringify(error);
  const numeric = typeof record['code'] === 'string' && /^\d+$/.test(record['code']) ? Number(record['code']) : record['code'];
  const code = typeof numeric === 'number' ? numeric : fallbackCode;
  const metadata = record['metadata'];
  const isRecord = typeof metadata === 'object' && metadata !== null;
  return isRecord ? { code, message, metadata: metadata as Record<string, unknown> } : { code, message };
}

function retryAfterSeconds(headers: Headers | undefined, error: ErrorObject | undefined): number | undefined {
  const header = headers?.get('retry-after');
  if (header !== undefined && header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return seconds;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const fromBody = error?.metadata?.['retry_after_seconds'];
  return typeof fromBody === 'number' ? fromBody : undefined;
}
