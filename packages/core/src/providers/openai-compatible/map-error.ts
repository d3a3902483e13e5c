import type { ErrorCode } from '../../errors/error-specs.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { asArray, asNumber, asRecord, asString, safeParseJson } from '../../json.js';
import type { UpstreamFailure } from '../provider-adapter.js';
import { codeForStatus, looksLikeContextLengthError, mapUpstreamError } from '../shared/map-http-error.js';

/** What an error body says, whatever its shape. */
export interface UpstreamErrorInfo {
  readonly message: string | undefined;
  readonly type: string | undefined;
  readonly code: string | undefined;
  /** A numeric `code` that looks like an HTTP status (llama.cpp, vLLM, OpenRouter-style bodies). */
  readonly status: number | undefined;
}

const MAX_MESSAGE = 1000;

/**
 * Reads the error shapes OpenAI-compatible servers use:
 * - `{error: {message, type, param, code}}` — OpenAI, Groq, DeepSeek, Together, Perplexity, llama.cpp;
 * - `{error: "text", code?: "text"}` — xAI, Ollama;
 * - `{object: "error", message: string | {detail: [...]} | [...], type, code}` — Mistral, vLLM;
 * - `{detail: string | [{loc, msg}]}` — FastAPI-based servers;
 * - a plain text body.
 */
export function readErrorInfo(body: unknown): UpstreamErrorInfo {
  if (typeof body === 'string') return info(clip(body.trim()), undefined, undefined);
  const root = asRecord(body);
  if (root === undefined) return info(undefined, undefined, undefined);
  const nested = asRecord(root['error']);
  if (nested !== undefined) {
    return info(messageText(nested['message']) ?? detailText(nested['detail']), asString(nested['type']), nested['code']);
  }
  const flatError = asString(root['error']);
  if (flatError !== undefined) return info(clip(flatError), asString(root['type']), root['code']);
  const message = messageText(root['message']) ?? detailText(root['detail']);
  return info(message, asString(root['type']), root['code']);
}

function info(message: string | undefined, type: string | undefined, code: unknown): UpstreamErrorInfo {
  const numeric = asNumber(code);
  return {
    message: message === '' ? undefined : message,
    type,
    code: typeof code === 'string' ? code : numeric === undefined ? undefined : String(numeric),
    status: numeric !== undefined && numeric >= 400 && numeric <= 599 ? numeric : undefined,
  };
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** Mistral puts a string, a JSON string, an object with `detail`, or a `detail` array in `message`. */
function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{')) {
      const parsed = safeParseJson(trimmed);
      const record = parsed.ok ? asRecord(parsed.value) : undefined;
      const inner = record === undefined ? undefined : (detailText(record['detail']) ?? asString(record['message']));
      if (inner !== undefined) return clip(inner);
    }
    return clip(trimmed);
  }
  if (Array.isArray(value)) return detailText(value);
  const record = asRecord(value);
  if (record === undefined) return undefined;
  return detailText(record['detail']) ?? messageText(record['message']);
}

/** FastAPI/pydantic validation details → "body.messages.0.user.name: Extra inputs are not permitted". */
function detailText(value: unknown): string | undefined {
  if (typeof value === 'string') return clip(value);
  const parts = asArray(value).flatMap((item) => {
    const record = asRecord(item);
    const msg = asString(record?.['msg']) ?? asString(record?.['message']);
    if (msg === undefined) return [];
    const loc = asArray(record?.['loc']).map(String).join('.');
    return [loc === '' ? msg : `${loc}: ${msg}`];
  });
  return parts.length === 0 ? undefined : clip(parts.join('; '));
}

/**
 * Context-length wordings the shared patterns miss: xAI "This model's maximum prompt length is 131072
 * but the request contains 136973 tokens." (cline/cline#3120).
 */
const VENDOR_CONTEXT_MESSAGE = /maximum prompt length is \d+/i;

const QUOTA_MESSAGE = /exceeded your current quota|insufficient[ _](balance|quota|credits?)/i;

/** Provider codes and types that decide the gateway code regardless of the HTTP status. */
function codeFromInfo(errorInfo: UpstreamErrorInfo): ErrorCode | undefined {
  const tags = [errorInfo.code, errorInfo.type].flatMap((tag) => (tag === undefined ? [] : [tag.toLowerCase()]));
  const has = (...names: string[]) => names.some((name) => tags.includes(name));
  if (has('insufficient_quota', 'insufficient_balance', 'exceeded_current_quota_error') || QUOTA_MESSAGE.test(errorInfo.message ?? '')) {
    return 'upstream_quota_exceeded';
  }
  if (has('context_length_exceeded') || VENDOR_CONTEXT_MESSAGE.test(errorInfo.message ?? '')) return 'context_length_exceeded';
  if (has('content_policy_violation', 'content_filter')) return 'content_filtered';
  if (has('invalid_api_key', 'authentication_error', 'permission_denied')) return 'upstream_auth_failed';
  if (has('model_not_found')) return 'upstream_not_found';
  return undefined;
}

/** A non-2xx answer → GatewayError (status default, provider refinements, Retry-After, raw body kept). */
export function mapOpenAiCompatibleError(failure: UpstreamFailure, provider: string): GatewayError {
  const errorInfo = readErrorInfo(failure.body);
  return mapUpstreamError({
    failure,
    provider,
    message: errorInfo.message,
    providerCode: errorInfo.code ?? errorInfo.type,
    code: codeFromInfo(errorInfo),
  });
}

/**
 * A stream chunk with a top-level `error` (the provider failed after answering 200). Its status is
 * the error's numeric code when it has one, else treated as a 500. The message is the provider's own,
 * prefixed with `provider` (the configured display name) like every other provider error.
 */
export function mapStreamError(chunk: Record<string, unknown>, provider: string): GatewayError {
  const errorInfo = readErrorInfo(chunk);
  const status = errorInfo.status ?? 500;
  const message = errorInfo.message ?? 'the provider reported an error mid-stream';
  let code = codeFromInfo(errorInfo) ?? codeForStatus(status);
  if (code === 'upstream_rejected' && looksLikeContextLengthError(message)) code = 'context_length_exceeded';
  const providerCode = errorInfo.code ?? errorInfo.type;
  return new GatewayError(code, `${provider}: ${message}`, {
    provider,
    upstreamStatus: status,
    raw: chunk,
    ...(providerCode === undefined ? {} : { providerCode }),
  });
}
