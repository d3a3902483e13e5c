import type { ErrorCode } from '../../errors/error-specs.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString } from '../../json.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { mapUpstreamError } from '../shared/map-http-error.js';

/** Bedrock error types (x-amzn-ErrorType, or an exception frame's type) → code and HTTP status. */
const ERROR_TYPES: Readonly<Record<string, { code: ErrorCode; status: number }>> = {
  ThrottlingException: { code: 'upstream_rate_limited', status: 429 },
  ServiceQuotaExceededException: { code: 'upstream_rate_limited', status: 400 },
  ServiceUnavailableException: { code: 'upstream_overloaded', status: 503 },
  ModelNotReadyException: { code: 'upstream_unavailable', status: 429 },
  ValidationException: { code: 'upstream_rejected', status: 400 },
  AccessDeniedException: { code: 'upstream_auth_failed', status: 403 },
  UnrecognizedClientException: { code: 'upstream_auth_failed', status: 403 },
  InvalidSignatureException: { code: 'upstream_auth_failed', status: 403 },
  ExpiredTokenException: { code: 'upstream_auth_failed', status: 403 },
  ResourceNotFoundException: { code: 'upstream_not_found', status: 404 },
  ModelTimeoutException: { code: 'upstream_timeout', status: 408 },
  ModelErrorException: { code: 'upstream_unavailable', status: 424 },
  ModelStreamErrorException: { code: 'upstream_unavailable', status: 424 },
  InternalServerException: { code: 'upstream_unavailable', status: 500 },
};

/** Bedrock's wording for a prompt that does not fit ("Input is too long for requested model."). */
const TOO_LONG = /too long|too many (input )?tokens|exceeds? the (maximum|max) (context|input|number of tokens)/i;

/**
 * "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/" or
 * "com.amazon.bedrock#ThrottlingException" or a stream's "throttlingException" → "ThrottlingException".
 */
export function bedrockErrorType(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const name = (raw.split(':')[0] ?? raw).split('#').at(-1) ?? raw;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The HTTP status a Bedrock error type stands for (stream exceptions carry no status of their own). */
export function statusForBedrockError(type: string | undefined): number {
  return ERROR_TYPES[bedrockErrorType(type) ?? '']?.status ?? 500;
}

/**
 * A Bedrock error answer → GatewayError. The type comes from the `x-amzn-errortype` header or the
 * body's `__type`; the message from `message` (or `Message`). The raw body is kept.
 */
export function mapBedrockError(failure: UpstreamFailure, provider: string): GatewayError {
  const body = asRecord(failure.body);
  const type = bedrockErrorType(failure.headers['x-amzn-errortype'] ?? asString(body?.['__type']));
  const message = asString(body?.['message']) ?? asString(body?.['Message']) ?? bodyText(failure.body);
  let code = type === undefined ? undefined : ERROR_TYPES[type]?.code;
  if ((code === 'upstream_rejected' || (code === undefined && failure.status === 400)) && message !== undefined && TOO_LONG.test(message)) {
    code = 'context_length_exceeded';
  }
  return mapUpstreamError({ failure, provider, message, providerCode: type, code });
}

function bodyText(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const text = body.trim();
  return text === '' ? undefined : text.slice(0, 500);
}
