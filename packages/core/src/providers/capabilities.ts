/**
 * What an adapter (or an openai-compatible flavor) does with each feature a client can ask for.
 * `docs/providers.md` is generated from these declarations, so they must say what the code does:
 * - `native`: sent to the provider in its own form;
 * - `emulated`: the gateway achieves it another way (e.g. `json_schema` as a forced tool call,
 *   image URLs fetched and sent inline);
 * - `unsupported`: dropped or rejected.
 */
export type FeatureSupport = 'native' | 'emulated' | 'unsupported';

export const FEATURES = [
  'streaming',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'json_object',
  'json_schema',
  'image_url',
  'image_base64',
  'pdf',
  'audio_input',
  'reasoning',
  'reasoning_round_trip',
  'prompt_caching',
  'citations',
  'usage_in_stream',
] as const;

export type Feature = (typeof FEATURES)[number];

export type ProviderCapabilities = Readonly<Record<Feature, FeatureSupport>>;
