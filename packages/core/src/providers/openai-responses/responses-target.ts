import type { ReasoningFormat } from '@switchyard/protocol';
import type { BuildContext } from '../provider-adapter.js';

/**
 * Where and how one provider serves the Responses API: everything else (body, events, errors) is
 * the same for OpenAI, Azure OpenAI and Open Responses servers.
 */
export interface ResponsesTarget {
  /** The full URL of the create-response call. */
  url(ctx: BuildContext): string;
  /** The auth header for the provider's key (only sent when there is a key). */
  readonly auth: { readonly header: string; readonly prefix: string };
  /** `format` of the reasoning_details this provider's encrypted reasoning travels in. */
  readonly reasoningFormat: ReasoningFormat;
}

/** OpenAI and Open Responses servers: `{base_url}/responses` with a bearer key. */
export const OPENAI_RESPONSES_TARGET: ResponsesTarget = {
  url: (ctx) => `${ctx.settings.baseUrl.replace(/\/+$/, '')}/responses`,
  auth: { header: 'Authorization', prefix: 'Bearer ' },
  reasoningFormat: 'openai-responses-v1',
};
