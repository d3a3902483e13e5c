export { AZURE_FLAVOR, azureAdapter, azureResponsesAdapter } from './azure-adapter.js';
export { AZURE_DEFAULT_API_VERSION, AZURE_RESPONSES_TARGET, azureChatUrl } from './azure-urls.js';
export { mapAzureError } from './map-azure-error.js';
