import type { ProviderAdapter } from '../provider-adapter.js';
import { buildOpenAiCompatibleRequest } from './build-request.js';
import { mediaOf } from './convert-media.js';
import type { OpenAiCompatibleFlavor } from './flavor.js';
import { flavorCapabilities } from './flavor-capabilities.js';
import { mapOpenAiCompatibleError } from './map-error.js';
import { parseOpenAiCompatibleResponse } from './parse-response.js';
import { OpenAiCompatibleStreamDecoder } from './stream-decoder.js';

/**
 * The adapter for every vendor that speaks OpenAI Chat Completions. Requests differ per vendor
 * (the flavor); responses are read the same way for all (unknown fields are ignored).
 */
export function createOpenAiCompatibleAdapter(flavor: OpenAiCompatibleFlavor): ProviderAdapter {
  return {
    kind: 'openai-compatible',
    capabilities: flavorCapabilities(flavor),
    // OpenAI-style `file` parts take base64 file_data only: the executor downloads file URLs first
    // (images stay URLs: the vendor fetches those itself).
    ...(mediaOf(flavor).file === 'inline' ? { inlineRemoteMedia: 'files' as const } : {}),
    buildRequest: (ctx) => buildOpenAiCompatibleRequest(ctx, flavor),
    parseResponse: (body, provider) => parseOpenAiCompatibleResponse(body, provider),
    createStreamDecoder: (provider) => new OpenAiCompatibleStreamDecoder(provider),
    mapError: (failure, provider) => mapOpenAiCompatibleError(failure, provider),
  };
}
