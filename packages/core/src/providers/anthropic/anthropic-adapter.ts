import type { ProviderCapabilities } from '../capabilities.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { buildAnthropicRequest } from './convert-to-anthropic-request.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { parseAnthropicResponse } from './parse-anthropic-response.js';

/** What the converters and parsers in this folder do with each client feature. */
export const ANTHROPIC_CAPABILITIES: ProviderCapabilities = {
  streaming: 'native',
  tools: 'native',
  // auto/none/required/named → auto/none/any/tool.
  tool_choice: 'native',
  // parallel_tool_calls: false → disable_parallel_tool_use.
  parallel_tool_calls: 'native',
  // No JSON mode without a schema: an instruction is appended to `system`.
  json_object: 'emulated',
  // output_config.format on models with structured outputs (anthropic-models.ts); a forced answer tool
  // on older models (anthropic-json-tool.ts).
  json_schema: 'native',
  // Anthropic fetches URL sources itself.
  image_url: 'native',
  image_base64: 'native',
  // file parts (data: URL, raw base64 or URL) → document blocks.
  pdf: 'native',
  // input_audio → 400 invalid_request.
  audio_input: 'unsupported',
  // Budget thinking, or adaptive thinking + output_config.effort on Claude 4.6+.
  reasoning: 'native',
  // Signed thinking and redacted_thinking go out as reasoning_details and come back as blocks.
  reasoning_round_trip: 'native',
  // cache_control on system parts, content parts, tool results and tools; cache reads/writes in usage.
  prompt_caching: 'native',
  // Web search / fetch citations on text blocks → url_citation annotations.
  citations: 'native',
  usage_in_stream: 'native',
};

/** Anthropic Messages API (POST {baseUrl}/messages, e.g. baseUrl https://api.anthropic.com/v1). Wiring only. */
export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',
  capabilities: ANTHROPIC_CAPABILITIES,
  buildRequest: buildAnthropicRequest,
  parseResponse: parseAnthropicResponse,
  createStreamDecoder: (provider) => new AnthropicStreamDecoder(provider),
  mapError: mapAnthropicError,
};
