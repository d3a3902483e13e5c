import type { CanonicalEvent } from '../../canonical/canonical-event.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { safeParseJson } from '../../json.js';
import type { StreamDecoder, StreamFrame } from '../provider-adapter.js';
import { readGeminiError, readGeminiResponse } from './gemini-api-types.js';
import { mapGeminiError } from './map-gemini-error.js';
import { GeminiResponseReader } from './parse-gemini-response.js';

/**
 * `streamGenerateContent?alt=sse`: every SSE `data` is a whole GenerateContentResponse. An error
 * envelope in the stream (`{"error": {...}}`, also pretty-printed across several lines) becomes an
 * `error` event; so does a chunk that is not JSON or not a response, and an end without a finish reason.
 * After an error the decoder ignores the rest. Every error names `provider`, the configured display name.
 */
export class GeminiStreamDecoder implements StreamDecoder {
  private readonly reader = new GeminiResponseReader();
  private failed = false;

  constructor(private readonly provider: string) {}

  push(frame: StreamFrame): readonly CanonicalEvent[] {
    if (this.failed) return [];
    const data = frame.data.trim();
    if (data === '' || data === '[DONE]') return [];
    const parsed = safeParseJson(data);
    if (!parsed.ok) {
      return this.fail(
        new GatewayError('upstream_bad_response', `${this.provider}: a stream event is not valid JSON`, {
          provider: this.provider,
          raw: data.slice(0, 2000),
          cause: parsed.error,
        }),
      );
    }
    const error = readGeminiError(parsed.value);
    if (error !== undefined) {
      return this.fail(mapGeminiError({ status: error.code ?? 500, headers: {}, body: parsed.value }, this.provider));
    }
    const response = readGeminiResponse(parsed.value);
    if (response === undefined) {
      return this.fail(
        new GatewayError('upstream_bad_response', `${this.provider}: a stream event is not a GenerateContentResponse`, {
          provider: this.provider,
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
    const error = new GatewayError('upstream_unavailable', `${this.provider}: stream ended before the response finished`, {
      provider: this.provider,
    });
    return [...events, { type: 'error', error }];
  }

  private fail(error: GatewayError): CanonicalEvent[] {
    this.failed = true;
    return [{ type: 'error', error }];
  }
}
