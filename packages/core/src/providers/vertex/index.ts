export { vertexAnthropicAdapter, convertToVertexAnthropicRequest, VERTEX_ANTHROPIC_VERSION } from './vertex-anthropic-adapter.js';
export { vertexGeminiAdapter } from './vertex-gemini-adapter.js';
export { vertexBaseUrl, vertexModelUrl } from './vertex-request.js';
