import type { ProviderCapabilities } from '../capabilities.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { BedrockStreamDecoder } from './bedrock-stream-decoder.js';
import { buildBedrockRequest } from './convert-to-bedrock-request.js';
import { mapBedrockError } from './map-bedrock-error.js';
import { parseBedrockResponse } from './parse-bedrock-response.js';

export const BEDROCK_CAPABILITIES: ProviderCapabilities = {
  streaming: 'native',
  tools: 'native',
  tool_choice: 'native',
  parallel_tool_calls: 'unsupported',
  json_object: 'emulated',
  // Native (outputConfig.textFormat) on Claude models with structured outputs, the forced answer tool elsewhere.
  json_schema: 'emulated',
  image_url: 'emulated',
  image_base64: 'native',
  pdf: 'native',
  audio_input: 'unsupported',
  reasoning: 'native',
  reasoning_round_trip: 'native',
  prompt_caching: 'native',
  citations: 'unsupported',
  usage_in_stream: 'native',
};

/**
 * Amazon Bedrock Converse / ConverseStream (POST {baseUrl}/model/{modelId}/converse[-stream]),
 * SigV4-signed or with a Bedrock API key; streams use the binary AWS event stream. Wiring only.
 */
export const bedrockAdapter: ProviderAdapter = {
  kind: 'bedrock',
  capabilities: BEDROCK_CAPABILITIES,
  inlineRemoteMedia: true,
  buildRequest: buildBedrockRequest,
  parseResponse: (body, provider) => parseBedrockResponse(body, provider),
  createStreamDecoder: (provider) => new BedrockStreamDecoder(provider),
  mapError: mapBedrockError,
};
