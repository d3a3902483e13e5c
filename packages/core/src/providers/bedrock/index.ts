export { bedrockAdapter, BEDROCK_CAPABILITIES } from './bedrock-adapter.js';
export { BedrockStreamDecoder } from './bedrock-stream-decoder.js';
export { buildBedrockRequest, convertToBedrockRequest, bedrockUrl } from './convert-to-bedrock-request.js';
export { mapBedrockError } from './map-bedrock-error.js';
export { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';
export { parseBedrockResponse } from './parse-bedrock-response.js';
export { signSigV4, type AwsCredentials, type SigV4Input, type SigV4Result } from './sign-sigv4.js';
