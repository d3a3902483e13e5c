/**
 * The one table that maps an error code to its HTTP status, whether the same endpoint may be
 * retried, whether routing may fall back to another endpoint or model, and the OpenRouter
 * `error_type` (spec: ApiErrorType). docs/errors.md is generated from this table.
 */

export type ApiErrorType =
  | 'context_length_exceeded'
  | 'authentication'
  | 'permission_denied'
  | 'payment_required'
  | 'rate_limit_exceeded'
  | 'provider_overloaded'
  | 'provider_unavailable'
  | 'invalid_request'
  | 'not_found'
  | 'payload_too_large'
  | 'content_policy_violation'
  | 'server'
  | 'timeout';

export interface ErrorSpec {
  readonly status: number;
  readonly retryable: boolean;
  readonly fallback: boolean;
  readonly errorType: ApiErrorType;
  readonly description: string;
}

export const ERROR_SPECS = {
  invalid_request: {
    status: 400, retryable: false, fallback: false, errorType: 'invalid_request',
    description: 'The request body is malformed JSON or a field is missing or invalid; the message names the field.',
  },
  unauthorized: {
    status: 401, retryable: false, fallback: false, errorType: 'authentication',
    description: 'The Authorization header is missing, or the key is unknown or disabled.',
  },
  insufficient_credits: {
    status: 402, retryable: false, fallback: false, errorType: 'payment_required',
    description: 'The account or key cannot afford the request.',
  },
  forbidden: {
    status: 403, retryable: false, fallback: false, errorType: 'permission_denied',
    description: 'The key may not perform this operation (e.g. a management key calling inference).',
  },
  not_found: {
    status: 404, retryable: false, fallback: false, errorType: 'not_found',
    description: 'The route or resource (generation, model) does not exist.',
  },
  model_not_found: {
    status: 404, retryable: false, fallback: false, errorType: 'not_found',
    description: 'The requested model id is not in the catalog; the message suggests close ids.',
  },
  payload_too_large: {
    status: 413, retryable: false, fallback: false, errorType: 'payload_too_large',
    description: 'The request body exceeds the configured limit.',
  },
  rate_limited: {
    status: 429, retryable: false, fallback: false, errorType: 'rate_limit_exceeded',
    description: 'The gateway itself rate limited this key.',
  },
  no_route: {
    status: 503, retryable: false, fallback: false, errorType: 'provider_unavailable',
    description: 'No configured endpoint can serve the model (no provider enabled, or all were filtered out).',
  },
  client_closed: {
    status: 499, retryable: false, fallback: false, errorType: 'server',
    description: 'The client disconnected; the upstream request was aborted.',
  },
  internal: {
    status: 500, retryable: false, fallback: false, errorType: 'server',
    description: 'An unexpected gateway error; details are logged, not returned.',
  },
  upstream_timeout: {
    status: 408, retryable: true, fallback: true, errorType: 'timeout',
    description: 'The provider did not answer within the endpoint timeout.',
  },
  upstream_rate_limited: {
    status: 429, retryable: true, fallback: true, errorType: 'rate_limit_exceeded',
    description: 'The provider rate limited the request; `Retry-After` is forwarded when known.',
  },
  upstream_overloaded: {
    status: 503, retryable: true, fallback: true, errorType: 'provider_overloaded',
    description: 'The provider reported overload (e.g. Anthropic 529 overloaded_error).',
  },
  upstream_unavailable: {
    status: 502, retryable: true, fallback: true, errorType: 'provider_unavailable',
    description: 'The provider is down: connection failure or a 5xx answer.',
  },
  upstream_bad_response: {
    status: 502, retryable: false, fallback: true, errorType: 'provider_unavailable',
    description: 'The provider answered with a body the adapter could not understand.',
  },
  upstream_auth_failed: {
    status: 502, retryable: false, fallback: true, errorType: 'authentication',
    description: "The provider rejected the gateway's credentials for it (a configuration problem, not the caller's key).",
  },
  upstream_quota_exceeded: {
    status: 502, retryable: false, fallback: true, errorType: 'payment_required',
    description: "The gateway's account at the provider is out of quota or credit.",
  },
  upstream_rejected: {
    status: 400, retryable: false, fallback: false, errorType: 'invalid_request',
    description: 'The provider rejected the request as invalid; its message is forwarded.',
  },
  upstream_not_found: {
    status: 502, retryable: false, fallback: true, errorType: 'not_found',
    description: 'The provider does not know the upstream model (a catalog problem).',
  },
  context_length_exceeded: {
    status: 400, retryable: false, fallback: true, errorType: 'context_length_exceeded',
    description: "The prompt does not fit the model's context window; another model may fit.",
  },
  content_filtered: {
    status: 400, retryable: false, fallback: true, errorType: 'content_policy_violation',
    description: "The provider refused the input under its content policy.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_SPECS;
