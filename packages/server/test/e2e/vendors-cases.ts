import type { ProviderCapabilities } from '@switchyard/core';

/**
 * The OpenAI-compatible vendors under end-to-end test, one row each: where the fake upstream mounts
 * the vendor, which recordings it replays (../shared/fixtures), and what the vendor's native request
 * must look like. `features` must equal what the adapter declares (flavor-capabilities.ts, rendered
 * in docs/providers.md): a test checks that, so the table cannot drift from the declarations.
 *
 * Where a vendor has no recording of a feature, the closest recording of the same wire format
 * (OpenAI-compatible Chat Completions) stands in; `borrowed` says which and why.
 */

/** Usage exactly as the vendor counted it (the gateway's view: completion includes reasoning). */
export interface ExpectedUsage {
  readonly prompt: number;
  readonly completion: number;
  readonly cached?: number;
}

export interface Recording {
  /** Path under ../shared/fixtures: `*.json` (one body), `*.chunks.txt` (one SSE payload a line) or `*.sse`. */
  readonly file: string;
  readonly usage?: ExpectedUsage;
  /** Why another vendor's recording of the same wire format stands in (absent: the vendor's own). */
  readonly borrowed?: string;
}

export interface ToolRecording extends Recording {
  /** The call as recorded: its id, function name and arguments. */
  readonly call: { readonly id: string; readonly name: string; readonly arguments: unknown };
}

export interface ReasoningCase {
  readonly recording: Recording;
  /** The start of the reasoning text the recording carries. */
  readonly text: string;
  /** Upstream fields for `reasoning: {effort: "high"}` (and `max_tokens: 1000`). */
  readonly on: Record<string, unknown>;
  /** Upstream fields for `reasoning_effort: "minimal"`: the nearest level the vendor has (ties go up). */
  readonly minimal: Record<string, unknown>;
  /** Upstream fields for `reasoning: {enabled: false}` (`{}`: nothing is sent, the vendor's default applies). */
  readonly off: Record<string, unknown>;
  /** The field earlier assistant reasoning goes back in, or undefined when the vendor rejects it (dropped). */
  readonly roundTrip: string | undefined;
}

export type FeatureName = keyof ProviderCapabilities;

export interface VendorCase {
  /** Provider id (and flavor). */
  readonly id: string;
  /** Display name: the `provider` field of answers and `metadata.provider_name` of errors. */
  readonly name: string;
  /** Base URL path on the fake upstream (the vendor's own path shape). */
  readonly mount: string;
  /** Extra provider config (a local server: adapter, flavor, no key). */
  readonly provider?: Record<string, unknown>;
  readonly apiKey: string | undefined;
  readonly upstreamModel: string;
  /** Features the adapter declares native or emulated for this vendor. */
  readonly features: readonly FeatureName[];
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Whether `stream_options: {include_usage: true}` is sent (vendors that send usage unasked: no). */
  readonly streamOptions: boolean;
  readonly text: Recording;
  readonly textStream: Recording;
  /** Turn 1 of the tool conversation (streamed when the recording is `*.chunks.txt`/`*.sse`). */
  readonly toolCall?: ToolRecording;
  /** What `tool_choice: "required"` becomes upstream. */
  readonly requiredToolChoice?: unknown;
  readonly reasoning?: ReasoningCase;
  /** Request fields renamed or clamped: what the client sends → what the vendor must get. */
  readonly renamed?: { readonly sent: Record<string, unknown>; readonly upstream: Record<string, unknown> };
  /** The PDF part and audio part as the vendor takes them (when supported). */
  readonly pdfAs?: (dataUrl: string, name: string) => unknown;
  readonly audioAs?: (data: string) => unknown;
}

type Json = Record<string, unknown>;
const F = (vendor: string, file: string) => `${vendor}/vercel-ai/${file}`;
const TOOLS_AND_JSON: readonly FeatureName[] = ['tools', 'tool_choice', 'parallel_tool_calls', 'json_object', 'json_schema'];
const IMAGES: readonly FeatureName[] = ['image_url', 'image_base64'];
const ALWAYS: readonly FeatureName[] = ['streaming', 'usage_in_stream'];

/** Groq's llama-3.3-70b recordings: Together and Fireworks serve the same open models on the same wire format. */
const openModelText = (vendor: string): Recording => ({
  file: F('groq', 'groq-text.json'),
  usage: { prompt: 45, completion: 607 },
  borrowed: `${vendor} has no recording: Groq's Llama 3.3 70B answer (same Chat Completions wire format)`,
});
const openModelStream = (vendor: string): Recording => ({
  file: 'openai/vercel-ai/openai-chat/openai-text.chunks.txt',
  usage: { prompt: 16, completion: 300 },
  borrowed: `${vendor} has no recording: OpenAI's stream, whose last chunk carries usage as ${vendor} sends it`,
});
const openModelToolCall = (vendor: string): ToolRecording => ({
  file: F('groq', 'groq-tool-call.chunks.txt'),
  usage: { prompt: 210, completion: 15 },
  call: { id: 'tk85n1k4m', name: 'weather', arguments: {} },
  borrowed: `${vendor} has no recording: Groq's streamed Llama 3.3 tool call`,
});
const openModelReasoning = (vendor: string, on: Json, minimal: Json, off: Json): ReasoningCase => ({
  recording: { file: F('groq', 'groq-reasoning.json'), usage: { prompt: 17, completion: 649 }, borrowed: `${vendor} has no recording: Groq's \`reasoning\` field (Qwen3 32B)` },
  text: 'Okay, so the user is asking how many times the letter',
  on,
  minimal,
  off,
  roundTrip: undefined,
});

/**
 * A local OpenAI-compatible server (Ollama, vLLM, llama.cpp): the generic flavor (forwards what it
 * gets, sends reasoning back), a key only where the server was started with one.
 */
function localServer(id: string, name: string, apiKey: string | undefined, upstreamModel: string): VendorCase {
  return {
    id,
    name,
    mount: `/${id}/v1`,
    provider: { adapter: 'openai-compatible', flavor: 'generic', name },
    apiKey,
    upstreamModel,
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'pdf', 'audio_input', 'reasoning', 'reasoning_round_trip'],
    maxTokensField: 'max_tokens',
    streamOptions: true,
    text: { file: 'openai/vercel-ai/openai-chat/openai-text.json', usage: { prompt: 16, completion: 363, cached: 0 }, borrowed: 'no local-server recording: OpenAI Chat Completions, the format Ollama/vLLM/llama.cpp serve' },
    textStream: { file: 'openai/vercel-ai/openai-chat/openai-text.chunks.txt', usage: { prompt: 16, completion: 300, cached: 0 }, borrowed: 'no local-server recording: OpenAI Chat Completions streaming' },
    // A Claude model behind an OpenAI-compatible server: the call's index starts at 1, no usage.
    toolCall: {
      file: 'openai-compatible/vercel-ai/openai-compatible-chat/anthropic-fallback-tool-call.sse',
      call: { id: 'toolu_sanitized', name: 'read_file', arguments: { path: 'a.txt' } },
      borrowed: 'a generic OpenAI-compatible server (Claude behind it), as local servers are',
    },
    requiredToolChoice: 'required',
    reasoning: {
      recording: { file: F('deepseek', 'deepseek-chat/deepseek-json.json'), usage: { prompt: 495, completion: 144, cached: 320 }, borrowed: 'no local-server recording: DeepSeek `reasoning_content`, which vLLM and llama.cpp also emit' },
      text: 'I have the result from the weather tool.',
      on: { reasoning_effort: 'high' },
      minimal: { reasoning_effort: 'low' },
      off: {},
      roundTrip: 'reasoning_content',
    },
    renamed: { sent: { max_tokens: 100, top_k: 40, min_p: 0.1 }, upstream: { max_tokens: 100, top_k: 40, min_p: 0.1 } },
    pdfAs: (data, name) => ({ type: 'file', file: { filename: name, file_data: data } }),
    audioAs: (data) => ({ type: 'input_audio', input_audio: { data, format: 'wav' } }),
  };
}

export const VENDORS: readonly VendorCase[] = [
  {
    id: 'groq',
    name: 'Groq',
    mount: '/groq/openai/v1',
    apiKey: 'upstream-groq',
    upstreamModel: 'llama-3.3-70b-versatile',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'reasoning'],
    maxTokensField: 'max_completion_tokens',
    streamOptions: true,
    text: { file: F('groq', 'groq-text.json'), usage: { prompt: 45, completion: 607 } },
    textStream: { file: F('groq', 'groq-text.chunks.txt'), usage: { prompt: 45, completion: 662 } },
    toolCall: { file: F('groq', 'groq-tool-call.chunks.txt'), usage: { prompt: 210, completion: 15 }, call: { id: 'tk85n1k4m', name: 'weather', arguments: {} } },
    requiredToolChoice: 'required',
    reasoning: {
      recording: { file: F('groq', 'groq-reasoning.json'), usage: { prompt: 17, completion: 649 } },
      text: 'Okay, so the user is asking how many times the letter',
      on: { reasoning_effort: 'high' },
      minimal: { reasoning_effort: 'low' },
      off: { reasoning_effort: 'none' },
      roundTrip: undefined,
    },
    // Groq rejects logprobs and logit_bias ("not yet supported"): dropped.
    renamed: { sent: { max_tokens: 100, logprobs: true, logit_bias: { '50256': -100 } }, upstream: { max_completion_tokens: 100 } },
  },
  {
    id: 'xai',
    name: 'xAI',
    mount: '/xai/v1',
    apiKey: 'upstream-xai',
    upstreamModel: 'grok-3-mini',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'reasoning'],
    maxTokensField: 'max_completion_tokens',
    streamOptions: true,
    // xAI counts reasoning outside completion_tokens (12 + 1 + 228 = 241 total): completion is 1 + 228.
    text: { file: F('xai', 'xai-text.json'), usage: { prompt: 12, completion: 229, cached: 2 } },
    textStream: { file: F('xai', 'xai-text.chunks.txt'), usage: { prompt: 12, completion: 291, cached: 11 } },
    toolCall: {
      file: F('xai', 'xai-tool-call.chunks.txt'),
      usage: { prompt: 291, completion: 222, cached: 290 },
      call: { id: 'call_55117580', name: 'weather', arguments: { location: 'San Francisco' } },
    },
    requiredToolChoice: 'required',
    reasoning: {
      recording: { file: F('xai', 'xai-text.json'), usage: { prompt: 12, completion: 229, cached: 2 } },
      text: 'First, the user said: "Say a single word."',
      on: { reasoning_effort: 'high' },
      minimal: { reasoning_effort: 'low' },
      // Older Grok models reject "none": nothing is sent.
      off: {},
      roundTrip: undefined,
    },
    renamed: { sent: { max_tokens: 100 }, upstream: { max_completion_tokens: 100 } },
  },
  {
    id: 'together',
    name: 'Together',
    mount: '/together/v1',
    apiKey: 'upstream-together',
    upstreamModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'reasoning'],
    maxTokensField: 'max_tokens',
    streamOptions: false,
    text: openModelText('Together'),
    textStream: openModelStream('Together'),
    toolCall: openModelToolCall('Together'),
    requiredToolChoice: 'required',
    reasoning: openModelReasoning('Together', { reasoning: { enabled: true }, reasoning_effort: 'high' }, { reasoning: { enabled: true }, reasoning_effort: 'low' }, { reasoning: { enabled: false } }),
    renamed: { sent: { max_tokens: 100, top_k: 40, repetition_penalty: 1.1 }, upstream: { max_tokens: 100, top_k: 40, repetition_penalty: 1.1 } },
  },
  {
    id: 'fireworks',
    name: 'Fireworks',
    mount: '/fireworks/inference/v1',
    apiKey: 'upstream-fireworks',
    upstreamModel: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'reasoning'],
    maxTokensField: 'max_tokens',
    streamOptions: true,
    text: openModelText('Fireworks'),
    textStream: openModelStream('Fireworks'),
    toolCall: openModelToolCall('Fireworks'),
    requiredToolChoice: 'required',
    reasoning: openModelReasoning('Fireworks', { reasoning_effort: 'high' }, { reasoning_effort: 'low' }, { reasoning_effort: 'none' }),
    renamed: { sent: { max_tokens: 100, min_p: 0.05 }, upstream: { max_tokens: 100, min_p: 0.05 } },
  },
  {
    id: 'mistral',
    name: 'Mistral',
    mount: '/mistral/v1',
    apiKey: 'upstream-mistral',
    upstreamModel: 'mistral-small-latest',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'pdf', 'audio_input', 'reasoning'],
    maxTokensField: 'max_tokens',
    streamOptions: false,
    text: { file: F('mistral', 'mistral-text.json'), usage: { prompt: 13, completion: 434 } },
    textStream: { file: F('mistral', 'mistral-text.chunks.txt'), usage: { prompt: 13, completion: 8 } },
    // Whole calls without `index`, keyed by id only.
    toolCall: {
      file: F('mistral', 'mistral-tool-call.chunks.txt'),
      usage: { prompt: 124, completion: 22 },
      call: { id: 'gSIMJiOkT', name: 'weather', arguments: { location: 'San Francisco' } },
    },
    requiredToolChoice: 'any',
    reasoning: {
      // Magistral answers with `thinking` content parts.
      recording: { file: F('mistral', 'mistral-reasoning.json'), usage: { prompt: 10, completion: 46 } },
      text: 'The user is asking for 2+2.',
      on: { reasoning_effort: 'high' },
      // Magistral has one level.
      minimal: { reasoning_effort: 'high' },
      off: { reasoning_effort: 'none' },
      roundTrip: undefined,
    },
    renamed: { sent: { max_tokens: 100, seed: 7, temperature: 1.9 }, upstream: { max_tokens: 100, random_seed: 7, temperature: 1.5 } },
    pdfAs: (data, name) => ({ type: 'document_url', document_url: data, document_name: name }),
    audioAs: (data) => ({ type: 'input_audio', input_audio: data }),
  },
  {
    id: 'perplexity',
    name: 'Perplexity',
    mount: '/perplexity',
    apiKey: 'upstream-perplexity',
    upstreamModel: 'sonar',
    features: [...ALWAYS, 'json_schema', ...IMAGES, 'pdf', 'reasoning', 'citations'],
    maxTokensField: 'max_tokens',
    streamOptions: false,
    text: { file: F('perplexity', 'perplexity-text.json'), usage: { prompt: 11, completion: 392 } },
    // Every chunk carries cumulative usage; the last one counts.
    textStream: { file: F('perplexity', 'perplexity-citations.chunks.txt'), usage: { prompt: 10, completion: 336 } },
    reasoning: {
      recording: {
        file: F('groq', 'groq-reasoning.json'),
        usage: { prompt: 17, completion: 649 },
        borrowed: "Perplexity has no reasoning recording: Groq's `reasoning` field (sonar-reasoning answers in the same wire format)",
      },
      text: 'Okay, so the user is asking how many times the letter',
      on: { reasoning_effort: 'high' },
      minimal: { reasoning_effort: 'low' },
      off: {},
      roundTrip: undefined,
    },
    renamed: { sent: { max_tokens: 100, top_k: 5, search_recency_filter: 'week' }, upstream: { max_tokens: 100, top_k: 5, search_recency_filter: 'week' } },
    // Perplexity's own document part: the base64 without its data: prefix.
    pdfAs: (data, name) => ({ type: 'file_url', file_url: { url: data.replace(/^data:[^,]*;base64,/, '') }, file_name: name }),
  },
  {
    id: 'moonshotai',
    name: 'Moonshot AI',
    mount: '/moonshotai/v1',
    apiKey: 'upstream-moonshot',
    upstreamModel: 'kimi-k3',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'reasoning', 'reasoning_round_trip'],
    maxTokensField: 'max_completion_tokens',
    streamOptions: true,
    text: { file: F('moonshotai', 'moonshotai-text.json'), usage: { prompt: 9, completion: 5 } },
    textStream: { file: F('moonshotai', 'moonshotai-stream.chunks.txt'), usage: { prompt: 9, completion: 12 } },
    // Moonshot's only tool-call recording is non-streaming.
    toolCall: { file: F('moonshotai', 'moonshotai-tool-call.json'), usage: { prompt: 30, completion: 12 }, call: { id: 'call_abc123', name: 'get_weather', arguments: { city: 'Paris' } } },
    requiredToolChoice: 'required',
    reasoning: {
      // Moonshot reports cache hits as a top-level `cached_tokens`.
      recording: { file: F('moonshotai', 'moonshotai-reasoning.json'), usage: { prompt: 20, completion: 30, cached: 10 } },
      text: 'Let me count the letters carefully.',
      on: { reasoning_effort: 'high' },
      minimal: { reasoning_effort: 'low' },
      off: { thinking: { type: 'disabled' } },
      roundTrip: 'reasoning_content',
    },
    renamed: { sent: { max_tokens: 100 }, upstream: { max_completion_tokens: 100 } },
  },
  {
    id: 'alibaba',
    name: 'Alibaba',
    mount: '/alibaba/compatible-mode/v1',
    apiKey: 'upstream-dashscope',
    upstreamModel: 'qwen3-max',
    features: [...ALWAYS, ...TOOLS_AND_JSON, ...IMAGES, 'audio_input', 'reasoning', 'prompt_caching'],
    maxTokensField: 'max_tokens',
    streamOptions: true,
    text: { file: F('alibaba', 'alibaba-text.json'), usage: { prompt: 18, completion: 1064, cached: 0 } },
    textStream: { file: F('alibaba', 'alibaba-text.chunks.txt'), usage: { prompt: 18, completion: 779, cached: 0 } },
    // Later pieces of the call carry `id: ""`.
    toolCall: {
      file: F('alibaba', 'alibaba-tool-call.chunks.txt'),
      usage: { prompt: 295, completion: 22, cached: 0 },
      call: { id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', arguments: { location: 'San Francisco' } },
    },
    requiredToolChoice: 'required',
    reasoning: {
      recording: { file: F('alibaba', 'alibaba-reasoning.json'), usage: { prompt: 24, completion: 1668, cached: 0 } },
      text: 'We are asked: "How many \'r\'s are in the word \'strawberry\'?"',
      // DashScope's switch and budget; no effort field.
      on: { enable_thinking: true, thinking_budget: 1000 },
      minimal: { enable_thinking: true },
      off: { enable_thinking: false },
      roundTrip: undefined,
    },
    renamed: { sent: { max_tokens: 100, top_k: 20 }, upstream: { max_tokens: 100, top_k: 20 } },
    // Qwen-Omni reads `data` as a URL: bare base64 goes as a data: URL.
    audioAs: (data) => ({ type: 'input_audio', input_audio: { data: `data:;base64,${data}`, format: 'wav' } }),
  },
  {
    // Also in features-anthropic-openai.test.ts; here for the full matrix (no media, no json_schema).
    id: 'deepseek',
    name: 'DeepSeek',
    mount: '/deepseek',
    apiKey: 'upstream-deepseek',
    upstreamModel: 'deepseek-reasoner',
    features: [...ALWAYS, 'tools', 'tool_choice', 'parallel_tool_calls', 'json_object', 'reasoning', 'reasoning_round_trip'],
    maxTokensField: 'max_tokens',
    streamOptions: true,
    text: { file: F('deepseek', 'deepseek-chat/deepseek-reasoning.json'), usage: { prompt: 18, completion: 345, cached: 0 } },
    textStream: { file: F('deepseek', 'deepseek-chat/deepseek-reasoning.chunks.txt'), usage: { prompt: 18, completion: 219, cached: 0 } },
    toolCall: {
      file: F('deepseek', 'deepseek-chat/deepseek-tool-call.chunks.txt'),
      usage: { prompt: 339, completion: 83, cached: 320 },
      call: { id: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', name: 'weather', arguments: { location: 'San Francisco' } },
    },
    requiredToolChoice: 'required',
    reasoning: {
      recording: { file: F('deepseek', 'deepseek-chat/deepseek-reasoning.json'), usage: { prompt: 18, completion: 345, cached: 0 } },
      text: 'We are asked: "How many \'r\'s are in the word \'strawberry\'?"',
      on: { thinking: { type: 'enabled' }, reasoning_effort: 'high' },
      minimal: { thinking: { type: 'enabled' }, reasoning_effort: 'low' },
      off: { thinking: { type: 'disabled' } },
      roundTrip: 'reasoning_content',
    },
    renamed: { sent: { max_tokens: 100, logprobs: true, top_logprobs: 2 }, upstream: { max_tokens: 100, logprobs: true, top_logprobs: 2 } },
  },
  localServer('ollama', 'Ollama', undefined, 'llama3.1:8b'),
  localServer('vllm', 'vLLM', 'token-abc123', 'meta-llama/Llama-3.1-8B-Instruct'),
  localServer('llama-cpp', 'llama.cpp', undefined, 'qwen2.5-7b-instruct-q4_k_m.gguf'),
];

/** Test prices in whole micro-dollars per token, so expected costs are exact integers. */
export const PRICES = { prompt: 2, completion: 4, cacheRead: 1 } as const;

/** The expected cost in USD of `usage` at PRICES (reasoning is billed as completion). */
export function expectedCost(usage: ExpectedUsage): number {
  const cached = usage.cached ?? 0;
  return ((usage.prompt - cached) * PRICES.prompt + cached * PRICES.cacheRead + usage.completion * PRICES.completion) / 1_000_000;
}

/** Every parameter a test may use; what the vendor lacks is left to the adapter to drop or reject. */
export const SUPPORTED_PARAMETERS = [
  ...['temperature', 'top_p', 'top_k', 'min_p', 'repetition_penalty', 'max_tokens', 'max_completion_tokens', 'stop', 'seed'],
  ...['frequency_penalty', 'presence_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'response_format', 'structured_outputs'],
  ...['tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'include_reasoning', 'reasoning_effort', 'web_search_options'],
];
