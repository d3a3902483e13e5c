import type { FinishReason } from '../../canonical/canonical-event.js';

/**
 * Cohere `finish_reason` → the unified reason: COMPLETE and STOP_SEQUENCE are `stop`, MAX_TOKENS
 * `length`, TOOL_CALL `tool_calls`, ERROR and TIMEOUT (generation cut off by a failure) `error`.
 * Anything unknown is `stop` (or `tool_calls` when calls were made), with the native value kept.
 */
export function mapCohereFinishReason(native: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (native) {
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR':
    case 'TIMEOUT':
      return 'error';
    default:
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}
