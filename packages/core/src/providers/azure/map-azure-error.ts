import { GatewayError } from '../../errors/gateway-error.js';
import { asRecord, asString } from '../../json.js';
import { mapOpenAiCompatibleError } from '../openai-compatible/map-error.js';
import type { UpstreamFailure } from '../provider-adapter.js';

/**
 * Azure's error bodies are OpenAI's, plus content filtering: a 400 with `code: "content_filter"`
 * or an `innererror` carrying `content_filter_result` (code `ResponsibleAIPolicyViolation`) is
 * `content_filtered`. The raw body stays in `metadata.raw`.
 */
export function mapAzureError(failure: UpstreamFailure, provider: string): GatewayError {
  const error = mapOpenAiCompatibleError(failure, provider);
  if (error.code === 'content_filtered' || !isContentFilter(failure.body)) return error;
  return new GatewayError('content_filtered', error.message, { ...error.options, providerCode: 'content_filter' });
}

function isContentFilter(body: unknown): boolean {
  const error = asRecord(asRecord(body)?.['error']);
  if (error === undefined) return false;
  const inner = asRecord(error['innererror']) ?? asRecord(error['inner_error']);
  return (
    asString(error['code']) === 'content_filter' ||
    asRecord(inner?.['content_filter_result']) !== undefined ||
    asRecord(inner?.['content_filter_results']) !== undefined ||
    asString(inner?.['code']) === 'ResponsibleAIPolicyViolation'
  );
}
