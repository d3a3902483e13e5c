export { anthropicAdapter } from './anthropic-adapter.js';
export { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
export { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
export { mapAnthropicError } from './map-anthropic-error.js';
export { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
export { parseAnthropicResponse } from './parse-anthropic-response.js';
