import type { ProviderCapabilities } from '../capabilities.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { CohereStreamDecoder } from './cohere-stream-decoder.js';
import { buildCohereRequest } from './convert-to-cohere-request.js';
import { mapCohereError } from './map-cohere-error.js';
import { parseCohereResponse } from './parse-cohere-response.js';

/** What the Cohere adapter does with each client feature (docs/providers.md is generated from it). */
export const COHERE_CAPABILITIES: ProviderCapabilities = {
  streaming: 'native',
  tools: 'native',
  // auto / none / required are native; a named function is emulated (only that tool, with REQUIRED).
  tool_choice: 'emulated',
  // Cohere calls several tools in one turn by itself, but has no switch to turn that off:
  // `parallel_tool_calls: false` cannot be honoured (no Cohere endpoint lists it, so it is dropped).
  parallel_tool_calls: 'unsupported',
  json_object: 'native',
  json_schema: 'native',
  // Cohere fetches http(s) image URLs itself and takes data: URLs (vision models only).
  image_url: 'native',
  image_base64: 'native',
  pdf: 'unsupported',
  audio_input: 'unsupported',
  reasoning: 'native',
  // Thinking goes back as `thinking` content, the tool plan as `tool_plan`.
  reasoning_round_trip: 'native',
  // Cohere caches prompts by itself and reports `cached_tokens`; there is no cache_control to pass.
  prompt_caching: 'unsupported',
  // Only citations whose sources carry a URL become url_citation annotations.
  citations: 'native',
  usage_in_stream: 'native',
};

/** Cohere Chat API v2 (POST {baseUrl}/chat, baseUrl https://api.cohere.com/v2). Wiring only. */
export const cohereAdapter: ProviderAdapter = {
  kind: 'cohere',
  capabilities: COHERE_CAPABILITIES,
  inlineRemoteMedia: false,
  buildRequest: buildCohereRequest,
  parseResponse: parseCohereResponse,
  createStreamDecoder: (provider) => new CohereStreamDecoder(provider),
  mapError: mapCohereError,
};
