/**
 * Minimal shapes of the Bedrock Converse API (docs.aws.amazon.com/bedrock/latest/APIReference/
 * API_runtime_Converse.html). Only the fields the adapter writes or reads.
 */

export interface BedrockCachePoint {
  readonly cachePoint: { readonly type: 'default' };
}

export type BedrockImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface BedrockImageBlock {
  readonly image: { readonly format: BedrockImageFormat; readonly source: { readonly bytes: string } };
}

export interface BedrockDocumentBlock {
  readonly document: { readonly format: 'pdf'; readonly name: string; readonly source: { readonly bytes: string } };
}

export interface BedrockTextBlock {
  readonly text: string;
}

export interface BedrockToolUseBlock {
  readonly toolUse: { readonly toolUseId: string; readonly name: string; readonly input: unknown };
}

export type BedrockToolResultContent = BedrockTextBlock | BedrockImageBlock | BedrockDocumentBlock;

export interface BedrockToolResultBlock {
  readonly toolResult: { readonly toolUseId: string; readonly content: BedrockToolResultContent[] };
}

export interface BedrockReasoningBlock {
  readonly reasoningContent:
    | { readonly reasoningText: { readonly text: string; readonly signature?: string } }
    | { readonly redactedContent: string };
}

export type BedrockContentBlock =
  | BedrockTextBlock
  | BedrockImageBlock
  | BedrockDocumentBlock
  | BedrockToolUseBlock
  | BedrockToolResultBlock
  | BedrockReasoningBlock
  | BedrockCachePoint;

export interface BedrockMessage {
  readonly role: 'user' | 'assistant';
  readonly content: BedrockContentBlock[];
}

export type BedrockSystemBlock = BedrockTextBlock | BedrockCachePoint;

export interface BedrockToolSpec {
  readonly toolSpec: { readonly name: string; readonly description?: string; readonly inputSchema: { readonly json: unknown } };
}

export type BedrockToolChoice = { readonly auto: object } | { readonly any: object } | { readonly tool: { readonly name: string } };

export interface BedrockToolConfig {
  readonly tools: (BedrockToolSpec | BedrockCachePoint)[];
  toolChoice?: BedrockToolChoice;
}

export interface BedrockInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

/**
 * Converse's structured output (`outputConfig.textFormat`, API_runtime_OutputConfig / OutputFormat /
 * JsonSchemaDefinition): `schema` is the JSON schema as a string.
 */
export interface BedrockOutputConfig {
  readonly textFormat: {
    readonly type: 'json_schema';
    readonly structure: { readonly jsonSchema: { readonly schema: string; readonly name?: string; readonly description?: string } };
  };
}

export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  system?: BedrockSystemBlock[];
  inferenceConfig?: BedrockInferenceConfig;
  toolConfig?: BedrockToolConfig;
  additionalModelRequestFields?: Record<string, unknown>;
  outputConfig?: BedrockOutputConfig;
}

/** The tool that carries a structured (JSON) answer when response_format asks for one (Converse has no JSON mode). */
export const JSON_TOOL_NAME = 'switchyard_json_response';

/** Bedrock serves Claude's reasoning in Anthropic's format (signatures are Anthropic's). */
export const BEDROCK_REASONING_FORMAT = 'anthropic-claude-v1';
