import { createOpenAiCompatibleAdapter } from '../openai-compatible/openai-compatible-adapter.js';
import { OPENAI_COMPATIBLE_FLAVORS } from '../openai-compatible/flavors.js';
import type { OpenAiCompatibleFlavor } from '../openai-compatible/flavor.js';
import { createOpenAiResponsesAdapter } from '../openai-responses/openai-responses-adapter.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { AZURE_RESPONSES_TARGET, azureChatUrl } from './azure-urls.js';
import { mapAzureError } from './map-azure-error.js';

function openAiFlavor(): OpenAiCompatibleFlavor {
  const flavor = OPENAI_COMPATIBLE_FLAVORS['openai'];
  if (flavor === undefined) throw new Error('the openai flavor is missing');
  return flavor;
}

/** OpenAI's Chat Completions flavor with Azure's `api-key` header: Azure serves the same models. */
export const AZURE_FLAVOR: OpenAiCompatibleFlavor = azureFlavor(openAiFlavor());

/** Azure's Chat Completions has no `web_search_options` (web search is a Responses tool there). */
function azureFlavor(openai: OpenAiCompatibleFlavor): OpenAiCompatibleFlavor {
  const accepts = openai.accepts === 'any' ? 'any' : openai.accepts.filter((field) => field !== 'web_search_options');
  return { ...openai, id: 'azure', accepts, auth: { header: 'api-key', prefix: '' }, capabilities: { citations: 'unsupported' } };
}

const chat = createOpenAiCompatibleAdapter(AZURE_FLAVOR);

/**
 * Azure OpenAI Chat Completions: the openai-compatible adapter (Azure flavor) with the deployment
 * URL and `api-version`; Azure's content-filter errors map to `content_filtered`.
 */
export const azureAdapter: ProviderAdapter = {
  ...chat,
  kind: 'azure',
  buildRequest: (ctx) => ({ ...chat.buildRequest(ctx), url: azureChatUrl(ctx) }),
  mapError: mapAzureError,
};

/** The Responses API on Azure (endpoints with `api: responses`). */
export const azureResponsesAdapter: ProviderAdapter = {
  ...createOpenAiResponsesAdapter(AZURE_RESPONSES_TARGET),
  kind: 'azure',
  mapError: mapAzureError,
};
