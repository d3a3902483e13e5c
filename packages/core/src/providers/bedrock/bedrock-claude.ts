import type { ChatCompletionRequest } from '@switchyard/protocol';
import { anthropicModelTraits, type AnthropicModelTraits } from '../anthropic/anthropic-models.js';
import { planAnthropicThinking } from '../anthropic/anthropic-thinking.js';
import { JSON_OBJECT_INSTRUCTION } from '../anthropic/convert-to-anthropic-request.js';
import type { BedrockOutputConfig, BedrockTextBlock } from './bedrock-api-types.js';

/**
 * Claude on Bedrock: `anthropic.claude-…` ids, with a cross-Region profile prefix (`us.`, `eu.`,
 * `global.`, …) or inside a foundation-model ARN. The Anthropic model table matches those ids
 * (`us.anthropic.claude-opus-4-6-v1` → the Opus 4.6 row), so Bedrock takes the same request form per
 * model as the Anthropic API. undefined for other model families (Nova, Llama, Mistral, …).
 */
export function bedrockClaudeTraits(upstreamModel: string): AnthropicModelTraits | undefined {
  return /anthropic\.|claude/i.test(upstreamModel) ? anthropicModelTraits(upstreamModel) : undefined;
}

/** Claude's thinking on Bedrock: the output limit it needs and the Anthropic fields that carry it. */
export interface BedrockClaudeThinking {
  readonly maxTokens: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The Anthropic adapter's planner, in Converse's shape. Converse has no thinking field: Claude's own
 * fields go in `additionalModelRequestFields`, as in Bedrock's adaptive-thinking guide —
 * `thinking: {type: "enabled", budget_tokens}` on budget models, `thinking: {type: "adaptive"}` plus
 * `output_config: {effort}` (when an effort applies) on Claude 4.6+. The limit goes in
 * `inferenceConfig.maxTokens`. undefined when the request does not turn reasoning on.
 */
export function claudeThinking(
  request: ChatCompletionRequest,
  catalogMaxTokens: number | undefined,
  traits: AnthropicModelTraits,
): BedrockClaudeThinking | undefined {
  const plan = planAnthropicThinking(request, catalogMaxTokens, traits);
  if (plan.thinking === undefined) return undefined;
  const effort = plan.effort === undefined ? {} : { output_config: { effort: plan.effort } };
  return { maxTokens: plan.maxTokens, fields: { thinking: plan.thinking, ...effort } };
}

/**
 * json_schema on a Claude model with native structured outputs → Converse's own structured-output
 * field, `outputConfig.textFormat` (Bedrock's structured-outputs guide: "For Converse APIs, use the
 * outputConfig.textFormat request field"; the schema travels as a JSON string). The answer then
 * arrives as ordinary text, and thinking may stay on. Other models keep the forced answer tool.
 */
export function nativeOutputConfig(request: ChatCompletionRequest, traits: AnthropicModelTraits | undefined): BedrockOutputConfig | undefined {
  const format = request.response_format ?? undefined;
  if (traits?.structuredOutputs !== true || format?.type !== 'json_schema' || format.json_schema.schema === undefined) return undefined;
  const { name, description, schema } = format.json_schema;
  const jsonSchema = { schema: JSON.stringify(schema), name, ...(description === undefined ? {} : { description }) };
  return { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
}

/**
 * Whether a JSON response may be carried by the forced answer tool. Not on Claude models that reject
 * forced tool use (anthropic-models.ts `forcedToolChoice: false`): their json_schema goes native
 * (nativeOutputConfig), and json_object (or a json_schema without a schema) becomes the Anthropic
 * adapter's instruction at the end of `system` (jsonObjectInstruction).
 */
export function answerToolAllowed(traits: AnthropicModelTraits | undefined): boolean {
  return traits?.forcedToolChoice !== false;
}

/** The json_object instruction block for a model that cannot be forced to call the answer tool. */
export function jsonObjectInstruction(request: ChatCompletionRequest, traits: AnthropicModelTraits | undefined): BedrockTextBlock | undefined {
  const type = request.response_format?.type;
  if (answerToolAllowed(traits) || (type !== 'json_object' && type !== 'json_schema')) return undefined;
  return nativeOutputConfig(request, traits) === undefined ? { text: JSON_OBJECT_INSTRUCTION } : undefined;
}
