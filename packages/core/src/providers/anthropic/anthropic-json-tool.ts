import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { CanonicalEvent, FinishReason } from '../../canonical/canonical-event.js';
import type { AnthropicTool } from './anthropic-api-types.js';
import type { BlockCounters } from './anthropic-content-blocks.js';
import { invalidField } from './convert-anthropic-content.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/**
 * `response_format: json_schema` on a model without native structured outputs is emulated (as vercel/ai
 * does): the schema becomes the input schema of one extra tool, the model is made to call it, and the
 * call's input is served as the text answer. The name is distinctive because the decoders do not see
 * the request: a `tool_use` of this name is always read as the answer.
 */
export const JSON_TOOL_NAME = 'switchyard_json_response';

export const JSON_TOOL_DESCRIPTION = 'Respond with a JSON object that matches the input schema. This is your final answer.';

/** The answer tool for a json_schema response format; throws if a client tool already has its name. */
export function jsonResponseTool(request: ChatCompletionRequest, schema: Readonly<Record<string, unknown>>): AnthropicTool {
  (request.tools ?? []).forEach((tool, i) => {
    if (tool.function.name === JSON_TOOL_NAME) throw invalidField(`tools[${i}].function.name`, `${JSON_TOOL_NAME} is reserved by the gateway`);
  });
  return { name: JSON_TOOL_NAME, description: JSON_TOOL_DESCRIPTION, input_schema: schema };
}

export function isJsonTool(name: unknown): boolean {
  return name === JSON_TOOL_NAME;
}

/** The whole input of a complete answer-tool block as text. */
export function jsonToolTextEvents(input: unknown, counters: BlockCounters): CanonicalEvent[] {
  counters.sawJsonTool = true;
  return [{ type: 'text-delta', delta: JSON.stringify(input ?? {}) }];
}

/** `tool_use` caused only by the answer tool is a normal stop for the client. */
export function finishReasonOf(stopReason: string | undefined, counters: BlockCounters): FinishReason {
  if (stopReason === 'tool_use' && counters.sawJsonTool && counters.nextToolIndex === 0) return 'stop';
  return mapAnthropicFinishReason(stopReason);
}
