import type { BuildContext } from '../provider-adapter.js';
import type { ResponsesTarget } from '../openai-responses/responses-target.js';

/**
 * The Chat Completions API version when the operator sets none (`options.api_version`, bundled:
 * AZURE_OPENAI_API_VERSION): the first that takes reasoning models' `reasoning_effort`,
 * `max_completion_tokens` and the `developer` role.
 */
export const AZURE_DEFAULT_API_VERSION = '2025-04-01-preview';

function base(ctx: BuildContext): string {
  return ctx.settings.baseUrl.replace(/\/+$/, '');
}

/** `{base}/openai/deployments/{deployment}/chat/completions?api-version=…`; the deployment is the endpoint's upstream_model. */
export function azureChatUrl(ctx: BuildContext): string {
  const version = ctx.settings.options?.['api_version'] ?? AZURE_DEFAULT_API_VERSION;
  return `${base(ctx)}/openai/deployments/${encodeURIComponent(ctx.upstreamModel)}/chat/completions?api-version=${encodeURIComponent(version)}`;
}

/**
 * The Responses API on Azure is the v1 surface, `{base}/openai/v1/responses`, with the deployment
 * in the body's `model` (no api-version needed; `options.responses_api_version`, e.g. "preview",
 * is appended when set).
 */
export const AZURE_RESPONSES_TARGET: ResponsesTarget = {
  url: (ctx) => {
    const version = ctx.settings.options?.['responses_api_version'];
    return `${base(ctx)}/openai/v1/responses${version === undefined ? '' : `?api-version=${encodeURIComponent(version)}`}`;
  },
  auth: { header: 'api-key', prefix: '' },
  reasoningFormat: 'azure-openai-responses-v1',
};
