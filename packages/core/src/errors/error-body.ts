import type { ErrorBody } from '@switchyard/protocol';
import type { GatewayError } from './gateway-error.js';

/** Renders a GatewayError as the OpenRouter error envelope. Internal details never leak. */
export function toErrorBody(error: GatewayError): ErrorBody {
  const { options } = error;
  const metadata: Record<string, unknown> = { error_type: error.errorType, error_code: error.code };
  if (options.provider !== undefined) metadata['provider_name'] = options.provider;
  if (options.providerCode !== undefined) metadata['provider_code'] = options.providerCode;
  if (options.raw !== undefined) metadata['raw'] = options.raw;
  if (options.retryAfterMs !== undefined) metadata['retry_after_seconds'] = Math.ceil(options.retryAfterMs / 1000);
  if (options.metadata !== undefined) Object.assign(metadata, options.metadata);
  return { error: { code: error.status, message: error.message, metadata } };
}

/** Headers that go with an error response (Retry-After on rate limits). */
export function errorHeaders(error: GatewayError): Record<string, string> {
  const retryAfterMs = error.options.retryAfterMs;
  if (retryAfterMs === undefined) return {};
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}
