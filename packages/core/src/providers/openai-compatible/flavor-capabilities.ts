import type { FeatureSupport, ProviderCapabilities } from '../capabilities.js';
import { mediaOf } from './convert-media.js';
import type { OpenAiCompatibleFlavor } from './flavor.js';

function accepted(flavor: OpenAiCompatibleFlavor, field: string): FeatureSupport {
  if (flavor.params?.[field]?.drop === true) return 'unsupported';
  return flavor.accepts === 'any' || flavor.accepts.includes(field) ? 'native' : 'unsupported';
}

const when = (condition: boolean): FeatureSupport => (condition ? 'native' : 'unsupported');

/**
 * What the adapter does for one vendor, derived from its flavor data (so docs/providers.md tells the
 * truth per vendor): a request field the flavor does not forward is unsupported, media follow
 * `flavor.media`, reasoning follows `flavor.reasoning` / `assistantReasoning`, caching `cacheControl`.
 * `flavor.capabilities` overrides what the data cannot show (e.g. which vendors return citations).
 */
export function flavorCapabilities(flavor: OpenAiCompatibleFlavor): ProviderCapabilities {
  const media = mediaOf(flavor);
  const { reasoning } = flavor;
  const reasons = reasoning.effort !== undefined || reasoning.on !== undefined || reasoning.budgetField !== undefined;
  const derived: ProviderCapabilities = {
    streaming: 'native',
    tools: accepted(flavor, 'tools'),
    tool_choice: accepted(flavor, 'tool_choice'),
    parallel_tool_calls: accepted(flavor, 'parallel_tool_calls'),
    json_object: accepted(flavor, 'response_format'),
    json_schema: accepted(flavor, 'response_format'),
    image_url: when(media.image),
    image_base64: when(media.image),
    pdf: when(media.file !== false),
    audio_input: when(media.audio !== false),
    reasoning: when(reasons),
    reasoning_round_trip: when(flavor.assistantReasoning !== 'drop'),
    // Without cache_control the vendor may still cache on its own (cached tokens are read and priced).
    prompt_caching: when(flavor.cacheControl),
    citations: 'unsupported',
    // Requested with stream_options, or sent by the vendor unasked (Together, Mistral, Perplexity).
    usage_in_stream: 'native',
  };
  return { ...derived, ...flavor.capabilities };
}
