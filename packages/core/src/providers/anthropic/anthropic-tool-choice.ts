import type { ChatCompletionRequest } from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';
import type { AnthropicModelTraits } from './anthropic-models.js';

/**
 * Claude models whose `forcedToolChoice` trait is false answer 400 to `tool_choice` `any` / `tool`
 * (Sonnet 5.5, Opus 5.5, Fable 5.1+: "Forced tool use returns an error"; Anthropic documents no
 * replacement, only `auto` / `none`). A request that forces a tool (`required` or a named function,
 * with tools to call) is refused here with a clear 400 instead of being sent upstream to fail; the
 * caller can send `auto` (and say in the prompt which tool to use) or pick another model.
 * Shared by the Anthropic, Vertex Claude and Bedrock Claude request builders.
 */
export function rejectForcedToolChoice(request: ChatCompletionRequest, traits: AnthropicModelTraits, upstreamModel: string): void {
  if (traits.forcedToolChoice) return;
  const choice = request.tool_choice ?? undefined;
  const forced = choice === 'required' || (typeof choice === 'object' && choice !== null);
  if (!forced || (request.tools ?? []).length === 0) return;
  const asked = choice === 'required' ? '"required"' : 'a named function';
  throw new GatewayError(
    'invalid_request',
    `tool_choice: ${upstreamModel} does not support forced tool use (${asked}); send tool_choice "auto" or "none"`,
    { metadata: { param: 'tool_choice', model: upstreamModel } },
  );
}
