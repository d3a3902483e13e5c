import type { FinishReason } from '../../canonical/canonical-event.js';

/**
 * Converse `stopReason` → the unified finish reason (the native value travels alongside).
 * `jsonOnly`: the only tool called was the JSON answer tool, so the answer is complete text.
 */
export function mapBedrockFinishReason(stopReason: string | undefined, jsonOnly = false): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return jsonOnly ? 'stop' : 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}
