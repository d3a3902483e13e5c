import type { ProviderCapabilities } from '../capabilities.js';
import { convertToGeminiRequest } from '../gemini/convert-to-gemini-request.js';
import { GEMINI_CAPABILITIES } from '../gemini/gemini-adapter.js';
import { GeminiStreamDecoder } from '../gemini/gemini-stream-decoder.js';
import { mapGeminiError } from '../gemini/map-gemini-error.js';
import { parseGeminiResponse } from '../gemini/parse-gemini-response.js';
import type { BuildContext, HttpRequestSpec, ProviderAdapter } from '../provider-adapter.js';
import { vertexHeaders, vertexModelUrl } from './vertex-request.js';

/**
 * `POST {base}/publishers/google/models/{model}:generateContent` (or `:streamGenerateContent?alt=sse`),
 * base = https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}.
 * The body is the Gemini adapter's; only the URL and the OAuth bearer differ.
 */
export function buildVertexGeminiRequest(ctx: BuildContext): HttpRequestSpec {
  const method = ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return {
    url: vertexModelUrl(ctx.settings.baseUrl, 'google', ctx.upstreamModel, method),
    method: 'POST',
    headers: vertexHeaders(ctx),
    body: JSON.stringify(convertToGeminiRequest(ctx)),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

/** The shared Gemini converters and parsers do the work, so Vertex supports exactly what the Gemini adapter does. */
export const VERTEX_GEMINI_CAPABILITIES: ProviderCapabilities = GEMINI_CAPABILITIES;

/** Gemini on Google Vertex AI, authenticated with a Google OAuth access token. Wiring only. */
export const vertexGeminiAdapter: ProviderAdapter = {
  kind: 'vertex-gemini',
  capabilities: VERTEX_GEMINI_CAPABILITIES,
  inlineRemoteMedia: true,
  buildRequest: buildVertexGeminiRequest,
  parseResponse: parseGeminiResponse,
  createStreamDecoder: (provider) => new GeminiStreamDecoder(provider),
  mapError: mapGeminiError,
};
