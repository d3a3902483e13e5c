import type { UsagePatch } from '../../canonical/canonical-event.js';
import { asNumber, asRecord } from '../../json.js';

/** Anthropic's token counters as reported so far (message_start, then message_delta; later values win). */
export interface AnthropicUsageCounters {
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  outputTokens?: number;
  thinkingTokens?: number;
}

/** Merges the counters present in an Anthropic `usage` object into `into`. */
export function mergeAnthropicUsage(into: AnthropicUsageCounters, usage: unknown): void {
  const record = asRecord(usage);
  if (record === undefined) return;
  const set = (key: keyof AnthropicUsageCounters, value: unknown): void => {
    const number = asNumber(value);
    if (number !== undefined) into[key] = number;
  };
  set('inputTokens', record['input_tokens']);
  set('cacheReadTokens', record['cache_read_input_tokens']);
  set('cacheWriteTokens', record['cache_creation_input_tokens']);
  set('outputTokens', record['output_tokens']);
  set('thinkingTokens', asRecord(record['output_tokens_details'])?.['thinking_tokens']);
}

/**
 * Counters → canonical usage. Anthropic's input_tokens excludes cache reads and writes, so
 * promptTokens = input + cache_read + cache_creation. output_tokens already includes thinking.
 * Top-level counters only: `usage.iterations` (compaction, fallback) are not summed.
 */
export function usagePatch(counters: AnthropicUsageCounters): UsagePatch {
  const patch: UsagePatch = {};
  const { inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, thinkingTokens } = counters;
  if (inputTokens !== undefined || cacheReadTokens !== undefined || cacheWriteTokens !== undefined) {
    patch.promptTokens = (inputTokens ?? 0) + (cacheReadTokens ?? 0) + (cacheWriteTokens ?? 0);
  }
  if (cacheReadTokens !== undefined) patch.cachedTokens = cacheReadTokens;
  if (cacheWriteTokens !== undefined) patch.cacheWriteTokens = cacheWriteTokens;
  if (outputTokens !== undefined) patch.completionTokens = outputTokens;
  if (thinkingTokens !== undefined) patch.reasoningTokens = thinkingTokens;
  return patch;
}
