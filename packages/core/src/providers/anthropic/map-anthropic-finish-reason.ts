import type { FinishReason } from '../../canonical/canonical-event.js';

/**
 * Anthropic `stop_reason` → the unified finish reason (the native value travels alongside).
 * pause_turn (a server-tool loop paused; the client may continue) counts as a normal stop;
 * unknown future values also map to stop.
 */
export function mapAnthropicFinishReason(stopReason: string | undefined): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
