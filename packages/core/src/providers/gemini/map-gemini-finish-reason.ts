import type { FinishReason } from '../../canonical/canonical-event.js';

/** Candidate finish reasons that mean the output was withheld or cut by a content policy. */
const CONTENT_FILTER_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'LANGUAGE',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Gemini `Candidate.finishReason` → the unified reason. STOP after function calls is `tool_calls`;
 * anything unknown (OTHER, FINISH_REASON_UNSPECIFIED, new enum values) is `stop` with the native value kept.
 */
export function mapGeminiFinishReason(native: string, hasToolCalls: boolean): FinishReason {
  if (native === 'STOP') return hasToolCalls ? 'tool_calls' : 'stop';
  if (native === 'MAX_TOKENS') return 'length';
  if (native === 'MALFORMED_FUNCTION_CALL') return 'error';
  if (CONTENT_FILTER_REASONS.has(native)) return 'content_filter';
  return 'stop';
}
