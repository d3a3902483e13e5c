import type { ProviderAdapter } from '../provider-adapter.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { buildAnthropicRequest } from './convert-to-anthropic-request.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { parseAnthropicResponse } from './parse-anthropic-response.js';

/** Anthropic Messages API (POST {baseUrl}/messages, e.g. baseUrl https://api.anthropic.com/v1). Wiring only. */
export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',
  buildRequest: buildAnthropicRequest,
  parseResponse: parseAnthropicResponse,
  createStreamDecoder: (provider) => new AnthropicStreamDecoder(provider),
  mapError: mapAnthropicError,
};
