import { asArray, asRecord } from '../../json.js';
import {
  BEARER_AUTH,
  COMMON_FIELDS,
  DEFAULT_MEDIA,
  OPEN_MODEL_SAMPLING_FIELDS,
  type OpenAiCompatibleFlavor,
} from './flavor.js';

/**
 * One flavor per vendor, keyed by provider id. Sources: each vendor's API reference (found with the
 * docs search), the recorded fixtures, and the Mistral OpenAPI spec. Where a vendor's behaviour is
 * model-dependent (Groq's qwen vs gpt-oss), the flavor picks what every model accepts, or lists the
 * models that differ (xAI efforts: `reasoning.effort.byModel`).
 */

/** The defaults of a vendor that speaks plain OpenAI-compatible chat and knows only `system`. */
const BASE = {
  params: {},
  maxTokensField: 'max_tokens',
  streamUsage: true,
  reasoning: {},
  assistantReasoning: 'drop',
  developerRole: false,
  cacheControl: false,
  auth: BEARER_AUTH,
  media: DEFAULT_MEDIA,
} as const satisfies Omit<OpenAiCompatibleFlavor, 'id' | 'accepts'>;

const openai: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'openai',
  // COMMON plus the newer OpenAI-only fields of CreateChatCompletionRequest.
  accepts: [
    ...COMMON_FIELDS,
    ...['metadata', 'service_tier', 'store', 'modalities', 'audio', 'prediction', 'verbosity', 'web_search_options'],
    ...['safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'prompt_cache_options', 'moderation'],
    ...['functions', 'function_call'],
  ],
  // Reasoning models reject max_tokens ("Use 'max_completion_tokens' instead", recorded 400).
  maxTokensField: 'max_completion_tokens',
  reasoning: {
    effort: { field: 'reasoning_effort', levels: ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'] },
    off: { reasoning_effort: 'none' },
  },
  developerRole: true,
  // PDFs as the native `file` part; input_audio for the gpt-4o audio models.
  media: { image: true, file: 'inline', audio: 'input_audio', video: false },
  // web_search_options models answer with url_citation annotations.
  capabilities: { citations: 'native' },
};

const deepseek: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'deepseek',
  accepts: COMMON_FIELDS,
  // Thinking toggle plus effort low|high|max (api-docs.deepseek.com/guides/thinking_mode).
  reasoning: {
    effort: { field: 'reasoning_effort', levels: ['low', 'high', 'max'] },
    on: { thinking: { type: 'enabled' } },
    off: { thinking: { type: 'disabled' } },
  },
  // With tool calls in thinking mode, reasoning_content must be sent back or the API answers 400.
  assistantReasoning: 'reasoning_content',
  // The chat API takes text only.
  media: { image: false, file: false, audio: false, video: false },
  // JSON Output is json_object only (the catalog lists no structured_outputs for DeepSeek).
  capabilities: { json_schema: 'unsupported' },
};

const groq: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'groq',
  accepts: [...COMMON_FIELDS, 'service_tier', 'reasoning_format', 'search_settings'],
  // Groq answers 400 for these ("not yet supported").
  params: { logit_bias: { drop: true }, logprobs: { drop: true }, top_logprobs: { drop: true } },
  maxTokensField: 'max_completion_tokens',
  reasoning: { effort: { field: 'reasoning_effort', levels: ['low', 'medium', 'high'] }, off: { reasoning_effort: 'none' } },
  // 'messages.1': property 'reasoning_content' is unsupported (agentjido/req_llm#772).
  assistantReasoning: 'drop',
};

const xai: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'xai',
  accepts: [...COMMON_FIELDS, 'search_parameters'],
  maxTokensField: 'max_completion_tokens',
  // Efforts per model (docs.x.ai): grok-3-mini takes low|high ("Only grok-3-mini supports reasoning_effort",
  // guides/reasoning), kept for every model not listed; grok-4.3 none|low|medium|high (model-capabilities/
  // text/reasoning); grok-4.7 "Low, medium, high (default), or xhigh" (developers/grok-4-7). "Off" is not
  // sent: older models reject "none" and grok-4.7 does not list it.
  reasoning: {
    effort: {
      field: 'reasoning_effort',
      levels: ['low', 'high'],
      byModel: [
        { models: ['grok-4.7'], levels: ['low', 'medium', 'high', 'xhigh'] },
        { models: ['grok-4.3'], levels: ['low', 'medium', 'high'] },
      ],
    },
  },
};

const together: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'together',
  accepts: [...COMMON_FIELDS, ...OPEN_MODEL_SAMPLING_FIELDS, 'safety_model'],
  // Usage arrives in the last chunk without asking.
  streamUsage: false,
  // Hybrid models toggle with reasoning.enabled; gpt-oss takes reasoning_effort (docs.together.ai reasoning).
  reasoning: {
    effort: { field: 'reasoning_effort', levels: ['low', 'medium', 'high'] },
    on: { reasoning: { enabled: true } },
    off: { reasoning: { enabled: false } },
  },
};

const fireworks: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'fireworks',
  accepts: [...COMMON_FIELDS, ...OPEN_MODEL_SAMPLING_FIELDS, 'prompt_cache_key'],
  reasoning: { effort: { field: 'reasoning_effort', levels: ['low', 'medium', 'high'] }, off: { reasoning_effort: 'none' } },
};

const mistral: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'mistral',
  // ChatCompletionRequest has additionalProperties: false (specs/mistral/openapi.yaml): exactly its fields.
  accepts: [
    ...['temperature', 'top_p', 'stop', 'random_seed', 'metadata', 'response_format', 'tools', 'tool_choice'],
    ...['presence_penalty', 'frequency_penalty', 'parallel_tool_calls', 'prediction', 'prompt_mode', 'guardrails'],
    ...['prompt_cache_key', 'safe_prompt'],
  ],
  params: {
    seed: { param: 'random_seed', min: 0 },
    temperature: { min: 0, max: 1.5 },
    tool_choice: { transform: (value) => (value === 'required' ? 'any' : value) },
    tools: { transform: withToolParameters },
  },
  streamUsage: false,
  reasoning: { effort: { field: 'reasoning_effort', levels: ['high'] }, off: { reasoning_effort: 'none' } },
  // Extra inputs are not permitted: messages[i].assistant.reasoning_content (charmbracelet/crush#1590).
  assistantReasoning: 'drop',
  messageFields: {
    system: ['role', 'content'],
    user: ['role', 'content'],
    assistant: ['role', 'content', 'tool_calls', 'prefix'],
    tool: ['role', 'content', 'tool_call_id', 'name'],
  },
  toolFunctionFields: ['name', 'description', 'strict', 'parameters'],
  // ContentChunk: image_url, document_url (PDF by URL or data: URL), input_audio as a bare base64 string.
  media: { image: true, file: 'document_url', audio: 'mistral', video: false },
};

const perplexity: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'perplexity',
  accepts: [
    ...['temperature', 'top_p', 'top_k', 'stop', 'frequency_penalty', 'presence_penalty', 'response_format'],
    ...['web_search_options', 'search_mode', 'search_domain_filter', 'search_recency_filter', 'return_images'],
    ...['return_related_questions', 'search_after_date_filter', 'search_before_date_filter', 'disable_search'],
  ],
  // Every chunk carries cumulative usage already.
  streamUsage: false,
  reasoning: { effort: { field: 'reasoning_effort', levels: ['low', 'medium', 'high'] } },
  // Images as image_url (https or data: URL). Documents (PDF, DOC(X), TXT, RTF) as Perplexity's own
  // `file_url` part: a public URL or base64 without the data: prefix (docs.perplexity.ai/docs/sonar/media).
  media: { image: true, file: 'file_url', audio: false, video: false },
  // Answers carry `citations` / `search_results` (→ url_citation annotations); no tools; structured
  // outputs are json_schema (or regex) only.
  capabilities: { citations: 'native', json_object: 'unsupported' },
};

const moonshotai: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'moonshotai',
  accepts: COMMON_FIELDS,
  maxTokensField: 'max_completion_tokens',
  // kimi-k3: reasoning_effort low|high|max; kimi-k2.x: thinking {type: disabled} turns it off.
  reasoning: { effort: { field: 'reasoning_effort', levels: ['low', 'high', 'max'] }, off: { thinking: { type: 'disabled' } } },
  // "thinking is enabled but reasoning_content is missing" otherwise (OPENROUTER_API.md §10 #2).
  assistantReasoning: 'reasoning_content',
  // image_url (URL or base64) on the vision models: kimi-k2.5+, moonshot-v1-*-vision-preview
  // (platform.kimi.ai "Use the Kimi Vision Model"); text-only models (kimi-k2) refuse images upstream.
  media: { image: true, file: false, audio: false, video: false },
};

const alibaba: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'alibaba',
  accepts: [...COMMON_FIELDS, 'top_k', 'repetition_penalty', 'enable_search', 'search_options'],
  // DashScope's hybrid thinking switch and budget (help.aliyun.com model-studio/deep-thinking).
  reasoning: { on: { enable_thinking: true }, off: { enable_thinking: false }, budgetField: 'thinking_budget' },
  // Explicit context caching takes Anthropic-style cache_control breakpoints.
  cacheControl: true,
  // Qwen-VL / Qwen-Omni take image_url; Qwen-Omni takes input_audio (streaming only; its data is a URL or a
  // `data:;base64,` URL, so OpenAI's bare base64 is wrapped — alibabacloud.com model-studio/qwen-omni). No PDF part.
  media: { image: true, file: false, audio: 'input_audio_data_url', video: false },
};

/** Local servers (Ollama, vLLM, llama.cpp) and unknown vendors: forward everything, ask for usage. */
const generic: OpenAiCompatibleFlavor = {
  ...BASE,
  id: 'generic',
  accepts: 'any',
  reasoning: { effort: { field: 'reasoning_effort', levels: ['low', 'medium', 'high'] } },
  // llama.cpp and vLLM read reasoning_content on assistant messages; others ignore it.
  assistantReasoning: 'reasoning_content',
  // Whatever the server makes of them.
  media: { image: true, file: 'passthrough', audio: 'input_audio', video: true },
};

export const OPENAI_COMPATIBLE_FLAVORS: Readonly<Record<string, OpenAiCompatibleFlavor>> = {
  openai,
  deepseek,
  groq,
  xai,
  together,
  fireworks,
  mistral,
  perplexity,
  moonshotai,
  alibaba,
  generic,
};

/** Mistral requires `parameters` on every function (OpenAI makes it optional). */
function withToolParameters(tools: unknown): unknown {
  return asArray(tools).map((tool) => {
    const record = asRecord(tool);
    const fn = asRecord(record?.['function']);
    if (record === undefined || fn === undefined || fn['parameters'] !== undefined) return tool;
    return { ...record, function: { ...fn, parameters: { type: 'object', properties: {} } } };
  });
}
