import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { safeParseJson } from '../../json.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
import { readGeminiError, readGeminiResponse } from './gemini-api-types.js';
import { mapGeminiError } from './map-gemini-error.js';
import { GEMINI_PROVIDER_NAME, GeminiResponseReader } from './parse-gemini-response.js';

const PROVIDER = GEMINI_PROVIDER_NAME;

/**
 * `streamGenerateContent?alt=sse`: every SSE `data` is a whole GenerateContentResponse. An error
 * envelope in the stream (`{"error": {...}}`, also pretty-printed across several lines) becomes an
 * `error` event; so does a chunk that is not JSON or not a response, and an end without a finish reason.
 * After an error the decoder ignores the rest.
 */
export class GeminiStreamDecoder implements StreamDecoder {
  private readonly reader = new GeminiResponseReader();
  private failed = false;

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    if (this.failed) return [];
    const data = frame.data.trim();
    if (data === '' || data === '[DONE]') return [];
    const parsed = safeParseJson(data);
    if (!parsed.ok) {
      return this.fail(
        new GatewayError('upstream_bad_response', `${PROVIDER}: a stream event is not valid JSON`, {
          provider: PROVIDER,
          raw: data.slice(0, 2000),
          cause: parsed.error,
        }),
      );
    }
    const error = readGeminiError(parsed.value);
    if (error !== undefined) {
      return this.fail(mapGeminiError({ status: error.code ?? 500, headers: {}, body: parsed.value }, PROVIDER));
    }
    const response = readGeminiResponse(parsed.value);
    if (response === undefined) {
      return this.fail(
        new GatewayError('upstream_bad_response', `${PROVIDER}: a stream event is not a GenerateContentResponse`, {
          provider: PROVIDER,
          raw: parsed.value,
        }),
      );
    }
    return this.reader.read(response);
  }

  end(): readonly CanonicalEvent[] {
    if (this.failed) return [];
    const { events, finished } = this.reader.finish(false);
    if (finished) return events;
    const error = new GatewayError('upstream_unavailable', `${PROVIDER}: stream ended before the response finished`, {
      provider: PROVIDER,
    });
    return [...events, { type: 'error', error }];
  }

  private fail(error: GatewayError): CanonicalEvent[] {
    this.failed = true;
    return [{ type: 'error', error }];
  }
}
