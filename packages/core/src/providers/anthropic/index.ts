export { ANTHROPIC_CAPABILITIES, anthropicAdapter } from './anthropic-adapter.js';
export { JSON_TOOL_NAME } from './anthropic-json-tool.js';
export { ANTHROPIC_MODEL_TABLE, anthropicModelTraits, type AnthropicModelTraits } from './anthropic-models.js';
export { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
export { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
export { mapAnthropicError } from './map-anthropic-error.js';
export { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
export { parseAnthropicResponse } from './parse-anthropic-response.js';
