import type { ProviderCapabilities } from '../capabilities.js';
import { mapOpenAiCompatibleError } from '../openai-compatible/map-error.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { buildResponsesRequest } from './convert-to-responses-request.js';
import { parseResponsesResponse } from './parse-responses-response.js';
import { OPENAI_RESPONSES_TARGET, type ResponsesTarget } from './responses-target.js';
import { ResponsesStreamDecoder } from './responses-stream-decoder.js';

export const OPENAI_RESPONSES_CAPABILITIES: ProviderCapabilities = {
  streaming: 'native',
  tools: 'native',
  tool_choice: 'native',
  parallel_tool_calls: 'native',
  json_object: 'native',
  json_schema: 'native',
  image_url: 'native',
  image_base64: 'native',
  pdf: 'native',
  audio_input: 'unsupported',
  reasoning: 'native',
  reasoning_round_trip: 'native',
  // OpenAI caches prompts on its own (cached tokens are read and priced); cache_control is not sent.
  prompt_caching: 'unsupported',
  citations: 'native',
  usage_in_stream: 'native',
};

/**
 * The Responses API (`POST /responses`) as an upstream for Chat Completions clients: OpenAI models the
 * bundled catalog routes there (openai-responses.yaml: GPT-6.2 Sol / Astra, GPT-6.1 Terra and GPT-6 Luna,
 * whose tool calling needs it, and the Responses-only o3-pro and gpt-5-pro), Azure OpenAI, Open
 * Responses servers.
 * `target` says where and how to call it; translation is the same for all.
 */
export function createOpenAiResponsesAdapter(target: ResponsesTarget = OPENAI_RESPONSES_TARGET): ProviderAdapter {
  return {
    kind: 'openai-responses',
    capabilities: OPENAI_RESPONSES_CAPABILITIES,
    buildRequest: (ctx) => buildResponsesRequest(ctx, target),
    parseResponse: (body, provider) => parseResponsesResponse(body, provider, target.reasoningFormat),
    createStreamDecoder: (provider) => new ResponsesStreamDecoder(provider, target.reasoningFormat),
    mapError: (failure, provider) => mapOpenAiCompatibleError(failure, provider),
  };
}

export const openAiResponsesAdapter: ProviderAdapter = createOpenAiResponsesAdapter();
