import type { ProviderCapabilities } from '../capabilities.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { buildGeminiRequest } from './convert-to-gemini-request.js';
import { GeminiStreamDecoder } from './gemini-stream-decoder.js';
import { mapGeminiError } from './map-gemini-error.js';
import { parseGeminiResponse } from './parse-gemini-response.js';

/** What the Gemini converters and parsers in this folder do with each client feature. */
export const GEMINI_CAPABILITIES: ProviderCapabilities = {
  streaming: 'native',
  tools: 'native',
  // auto/none/required/named → functionCallingConfig AUTO/NONE/ANY/ANY + allowedFunctionNames.
  tool_choice: 'native',
  // Several functionCall parts in one answer become parallel tool calls; `parallel_tool_calls: false`
  // has no Gemini switch and is not enforced.
  parallel_tool_calls: 'native',
  json_object: 'native',
  // responseMimeType application/json + responseJsonSchema (full JSON Schema).
  json_schema: 'native',
  // Gemini fetches no arbitrary URLs: the executor downloads them and they go inline (inlineRemoteMedia).
  image_url: 'emulated',
  image_base64: 'native',
  pdf: 'native',
  audio_input: 'native',
  reasoning: 'native',
  reasoning_round_trip: 'native',
  // cache_control is not sent (Gemini caches implicitly; cachedContentTokenCount is reported and priced).
  prompt_caching: 'unsupported',
  // groundingMetadata.groundingChunks → url_citation annotations.
  citations: 'native',
  usage_in_stream: 'native',
};

/** Google Gemini (Generative Language API `generateContent` / `streamGenerateContent?alt=sse`). */
export const geminiAdapter: ProviderAdapter = {
  kind: 'gemini',
  capabilities: GEMINI_CAPABILITIES,
  inlineRemoteMedia: true,
  buildRequest: buildGeminiRequest,
  parseResponse: parseGeminiResponse,
  createStreamDecoder: (provider) => new GeminiStreamDecoder(provider),
  mapError: mapGeminiError,
};
