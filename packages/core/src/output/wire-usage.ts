import type { WireUsage } from '@switchyard/protocol';
import type { CostBreakdown } from '../billing/pricing.js';
import { microToUsd } from '../billing/pricing.js';
import type { UsagePatch } from '../canonical/canonical-event.js';

/** Canonical usage + the computed cost → OpenRouter's `usage` object. */
export function toWireUsage(usage: UsagePatch, cost: CostBreakdown, isByok: boolean): WireUsage {
  const prompt = usage.promptTokens ?? 0;
  const completion = usage.completionTokens ?? 0;
  const promptDetails: WireUsage['prompt_tokens_details'] = { cached_tokens: usage.cachedTokens ?? 0 };
  if (usage.cacheWriteTokens !== undefined && usage.cacheWriteTokens > 0) {
    promptDetails.cache_write_tokens = usage.cacheWriteTokens;
  }
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    cost: microToUsd(cost.total),
    is_byok: isByok,
    cost_details: {
      upstream_inference_cost: null,
      upstream_inference_prompt_cost: microToUsd(cost.prompt),
      upstream_inference_completions_cost: microToUsd(cost.completion),
    },
  };
}
