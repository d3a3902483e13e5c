/**
 * The OpenAI/OpenRouter chat completions request, as zod schemas.
 * Known fields are validated (type and range); unknown fields pass through untouched,
 * because OpenRouter accepts provider-specific and legacy fields (OPENROUTER_API.md §3.3).
 */
import { z } from 'zod';

const cacheControl = z.looseObject({ type: z.literal('ephemeral'), ttl: z.string().optional() });

export const textPartSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl.optional(),
});
export const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high', 'original']).optional(),
  }),
  cache_control: cacheControl.optional(),
});
export const audioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
export const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
  cache_control: cacheControl.optional(),
});
export const videoPartSchema = z.looseObject({
  type: z.enum(['video_url', 'input_video']),
  video_url: z.looseObject({ url: z.string() }),
});

export const contentPartSchema = z.discriminatedUnion('type', [
  textPartSchema,
  imagePartSchema,
  audioPartSchema,
  filePartSchema,
  videoPartSchema,
]);

const textOnlyContent = z.union([z.string(), z.array(textPartSchema)]);
const userContent = z.union([z.string(), z.array(contentPartSchema)]);

export const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const reasoningDetailSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  summary: z.string().nullish(),
  data: z.string().nullish(),
  signature: z.string().nullish(),
  id: z.string().nullish(),
  format: z.string().nullish(),
  index: z.number().int().optional(),
});

export const systemMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer']),
  content: textOnlyContent,
  name: z.string().optional(),
});
export const userMessageSchema = z.looseObject({
  role: z.literal('user'),
  content: userContent,
  name: z.string().optional(),
});
export const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  reasoning: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning_details: z.array(reasoningDetailSchema).optional(),
  refusal: z.string().nullish(),
});
export const toolMessageSchema = z.looseObject({
  role: z.literal('tool'),
  content: userContent,
  tool_call_id: z.string(),
  name: z.string().optional(),
});

export const messageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1).max(128),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
  cache_control: cacheControl.optional(),
});

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const reasoningEffortSchema = z.enum(['max', 'xhigh', 'high', 'medium', 'low', 'minimal', 'none']);

export const reasoningSchema = z.looseObject({
  effort: reasoningEffortSchema.nullish(),
  max_tokens: z.number().int().min(0).nullish(),
  exclude: z.boolean().nullish(),
  enabled: z.boolean().nullish(),
  summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
});

const nonNegInt = z.number().int().min(1);

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).optional(),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: nonNegInt.nullish(),
  max_completion_tokens: nonNegInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  repetition_penalty: z.number().min(0).max(2).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  top_a: z.number().min(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  tools: z.array(functionToolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormatSchema.nullish(),
  user: z.string().nullish(),
  reasoning: reasoningSchema.nullish(),
  reasoning_effort: reasoningEffortSchema.nullish(),
  include_reasoning: z.boolean().nullish(),
  provider: z.record(z.string(), z.unknown()).nullish(),
  route: z.string().nullish(),
  usage: z.looseObject({ include: z.boolean().optional() }).nullish(),
  transforms: z.array(z.string()).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  session_id: z.string().max(256).nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type ChatMessage = z.infer<typeof messageSchema>;
export type ContentPart = z.infer<typeof contentPartSchema>;
export type TextPart = z.infer<typeof textPartSchema>;
export type ImagePart = z.infer<typeof imagePartSchema>;
export type FilePart = z.infer<typeof filePartSchema>;
export type SystemMessage = z.infer<typeof systemMessageSchema>;
export type UserMessage = z.infer<typeof userMessageSchema>;
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
export type ToolMessage = z.infer<typeof toolMessageSchema>;
export type FunctionTool = z.infer<typeof functionToolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
export type ReasoningConfig = z.infer<typeof reasoningSchema>;
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;
export type RequestReasoningDetail = z.infer<typeof reasoningDetailSchema>;

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly field: string; readonly message: string };

/** Formats a zod path the way users write it: `messages[0].content`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}

type Issue = z.core.$ZodIssue;

/**
 * A union failure ("Invalid input") names no field. Pick the branch that got furthest into the
 * value (its first issue has the longest path) and report that; when every branch fails at the
 * same place on the type, say which types were expected.
 */
function explain(issue: Issue, base: readonly PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message };
  const firsts = issue.errors.map((branch) => branch[0]).filter((first): first is Issue => first !== undefined);
  const deepest = firsts.reduce((best, next) => (next.path.length > best.path.length ? next : best), firsts[0] as Issue);
  if (deepest.path.length === 0 && firsts.every((first) => first.code === 'invalid_type')) {
    const expected = [...new Set(firsts.map((first) => (first.code === 'invalid_type' ? first.expected : '')))];
    return { path, message: `expected ${expected.join(' or ')}` };
  }
  return explain(deepest, path);
}

export function parseChatCompletionRequest(body: unknown): ParseResult<ChatCompletionRequest> {
  const result = chatCompletionRequestSchema.safeParse(body);
  if (result.success) {
    const value = result.data;
    if (value.model === undefined && (value.models === undefined || value.models.length === 0)) {
      return { ok: false, field: 'model', message: 'model: Required (a model id such as "openai/gpt-4o")' };
    }
    return { ok: true, value };
  }
  const issue = result.error.issues[0];
  if (issue === undefined) return { ok: false, field: '(body)', message: 'Invalid request body' };
  const { path, message } = explain(issue, []);
  const field = formatPath(path);
  return { ok: false, field, message: `${field}: ${message}` };
}
