import type { ProviderAdapter } from '../provider-adapter.js';
import { buildGeminiRequest } from './convert-to-gemini-request.js';
import { GeminiStreamDecoder } from './gemini-stream-decoder.js';
import { mapGeminiError } from './map-gemini-error.js';
import { parseGeminiResponse } from './parse-gemini-response.js';

/** Google Gemini (Generative Language API `generateContent` / `streamGenerateContent?alt=sse`). */
export const geminiAdapter: ProviderAdapter = {
  kind: 'gemini',
  buildRequest: buildGeminiRequest,
  parseResponse: parseGeminiResponse,
  createStreamDecoder: (provider) => new GeminiStreamDecoder(provider),
  mapError: mapGeminiError,
};
