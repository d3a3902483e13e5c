import type { UsagePatch } from '../../canonical/canonical-event.js';
import { asNumber, asRecord } from '../../json.js';

/**
 * A Converse `usage` object → canonical usage. `inputTokens` excludes cache reads and writes (as
 * Anthropic's input_tokens does), so promptTokens = input + cacheRead + cacheWrite.
 */
export function bedrockUsage(usage: unknown): UsagePatch | undefined {
  const record = asRecord(usage);
  if (record === undefined) return undefined;
  const input = asNumber(record['inputTokens']);
  const output = asNumber(record['outputTokens']);
  const cacheRead = asNumber(record['cacheReadInputTokens']) ?? asNumber(record['cacheReadInputTokenCount']);
  const cacheWrite = asNumber(record['cacheWriteInputTokens']) ?? asNumber(record['cacheWriteInputTokenCount']);
  const patch: UsagePatch = {};
  if (input !== undefined || cacheRead !== undefined || cacheWrite !== undefined) {
    patch.promptTokens = (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  }
  if (output !== undefined) patch.completionTokens = output;
  if (cacheRead !== undefined) patch.cachedTokens = cacheRead;
  if (cacheWrite !== undefined) patch.cacheWriteTokens = cacheWrite;
  return Object.keys(patch).length === 0 ? undefined : patch;
}
