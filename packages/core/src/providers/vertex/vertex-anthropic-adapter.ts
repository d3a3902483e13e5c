import { ANTHROPIC_CAPABILITIES } from '../anthropic/anthropic-adapter.js';
import type { AnthropicMessagesRequest } from '../anthropic/anthropic-api-types.js';
import { AnthropicStreamDecoder } from '../anthropic/anthropic-stream-decoder.js';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request.js';
import { mapAnthropicError } from '../anthropic/map-anthropic-error.js';
import { parseAnthropicResponse } from '../anthropic/parse-anthropic-response.js';
import type { ProviderCapabilities } from '../capabilities.js';
import type { BuildContext, HttpRequestSpec, ProviderAdapter } from '../provider-adapter.js';
import { vertexHeaders, vertexModelUrl } from './vertex-request.js';

/** The API version Vertex AI expects in the body of Claude requests (instead of the anthropic-version header). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

export type VertexAnthropicBody = Omit<AnthropicMessagesRequest, 'model'> & { readonly anthropic_version: string };

/** The Anthropic Messages body without `model` (it is in the URL), with `anthropic_version`. */
export function convertToVertexAnthropicRequest(ctx: BuildContext): VertexAnthropicBody {
  const { model: _model, ...rest } = convertToAnthropicRequest(ctx);
  return { anthropic_version: VERTEX_ANTHROPIC_VERSION, ...rest };
}

/** `POST {base}/publishers/anthropic/models/{model}:rawPredict` (or `:streamRawPredict`, Anthropic SSE). */
export function buildVertexAnthropicRequest(ctx: BuildContext): HttpRequestSpec {
  const method = ctx.stream ? 'streamRawPredict' : 'rawPredict';
  return {
    url: vertexModelUrl(ctx.settings.baseUrl, 'anthropic', ctx.upstreamModel, method),
    method: 'POST',
    headers: vertexHeaders(ctx),
    body: JSON.stringify(convertToVertexAnthropicRequest(ctx)),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

/**
 * The shared Anthropic converters and parsers do the work, so Vertex supports what the Anthropic
 * adapter does, except that remote image URLs are downloaded by the executor and sent as base64
 * (inlineRemoteMedia). Vertex gates structured outputs per model and org policy: the bundled catalog
 * leaves response_format off its Claude endpoints.
 */
export const VERTEX_ANTHROPIC_CAPABILITIES: ProviderCapabilities = { ...ANTHROPIC_CAPABILITIES, image_url: 'emulated' };

/** Anthropic Claude on Google Vertex AI (rawPredict), authenticated with a Google OAuth access token. Wiring only. */
export const vertexAnthropicAdapter: ProviderAdapter = {
  kind: 'vertex-anthropic',
  capabilities: VERTEX_ANTHROPIC_CAPABILITIES,
  inlineRemoteMedia: true,
  buildRequest: buildVertexAnthropicRequest,
  parseResponse: parseAnthropicResponse,
  createStreamDecoder: (provider) => new AnthropicStreamDecoder(provider),
  mapError: mapAnthropicError,
};
