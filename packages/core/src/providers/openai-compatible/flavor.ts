import type { ChatCompletionRequest, ReasoningEffort } from '@switchyard/protocol';
import type { ProviderCapabilities } from '../capabilities.js';

/**
 * What makes one OpenAI-compatible vendor different from another, as data (Portkey's
 * `ParameterConfig` idea, typed). A vendor is a value of this type, never a copy of the adapter.
 */
export interface OpenAiCompatibleFlavor {
  /** Provider id this flavor was written for ("openai", "mistral", "generic"). */
  readonly id: string;
  /**
   * Client fields forwarded as they are when no param rule names them. A list for vendors that
   * validate their body (unknown fields are never sent), or `'any'` for servers that ignore what
   * they do not know (local servers). Gateway-only fields are stripped before this applies.
   */
  readonly accepts: readonly string[] | 'any';
  /** Per-field rules: rename, default, clamp, drop, transform. Keyed by the client's field name. */
  readonly params?: ParamMap;
  /** The vendor's name for the output limit (the value is `max_completion_tokens ?? max_tokens`). */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Whether to send `stream_options: {include_usage: true}` on streams (the gateway always wants usage). */
  readonly streamUsage: boolean;
  /** How the request's reasoning wishes are sent. */
  readonly reasoning: ReasoningStyle;
  /** How reasoning on earlier assistant messages is sent back (reasoning continuity). */
  readonly assistantReasoning: AssistantReasoningStyle;
  /** false: `developer` messages are sent as `system` (most vendors only know `system`). */
  readonly developerRole: boolean;
  /** Keep `cache_control` breakpoints on content parts and tools (Alibaba explicit caching). */
  readonly cacheControl: boolean;
  /** Per-role allowlists of message fields, for vendors that reject unknown message fields. */
  readonly messageFields?: MessageFieldPolicy;
  /** Fields a tool's `function` may carry, for vendors that reject unknown ones (undefined: all). */
  readonly toolFunctionFields?: readonly string[];
  /** How the API key is sent (only when the provider has one). */
  readonly auth: AuthStyle;
  /** Which non-text content parts the vendor takes, and in which form (absent: DEFAULT_MEDIA). */
  readonly media?: MediaSupport;
  /** Corrections to the capabilities derived from this data (flavor-capabilities.ts), e.g. citations. */
  readonly capabilities?: Partial<ProviderCapabilities>;
}

/** Non-text content parts. A kind the vendor cannot take is a 400 invalid_request at build time. */
export interface MediaSupport {
  /** `image_url` parts (http(s) URL or base64 data: URL), sent as they are. */
  readonly image: boolean;
  /**
   * `file` parts (PDFs): `inline` = OpenAI's `file` part, base64 data: URL or file_id only (an http URL
   * is a 400); `document_url` = Mistral's chunk (URL or data: URL); `file_url` = Perplexity's part (URL
   * or base64 without the `data:` prefix); `passthrough` = as given; false = 400.
   */
  readonly file: 'inline' | 'document_url' | 'file_url' | 'passthrough' | false;
  /**
   * `input_audio` parts: OpenAI's form; `input_audio_data_url` = OpenAI's form with bare base64 sent as a
   * `data:;base64,` URL (DashScope Qwen-Omni); Mistral's (a bare base64 string); or false = 400.
   */
  readonly audio: 'input_audio' | 'input_audio_data_url' | 'mistral' | false;
  readonly video: boolean;
}

/** Images only: what most vendors serving vision models take. */
export const DEFAULT_MEDIA: MediaSupport = { image: true, file: false, audio: false, video: false };

/** One field's rule. Rules are explicit decisions: they apply whatever `accepts` says. */
export interface ParamRule {
  /** Drop the field: the vendor rejects it or has no equivalent. */
  readonly drop?: true;
  /** The vendor's name for the field, e.g. Mistral `random_seed` for `seed`. */
  readonly param?: string;
  /** Numbers are clamped into [min, max]. */
  readonly min?: number;
  readonly max?: number;
  /** Sent when the client gave no value. */
  readonly default?: unknown;
  /** Rewrites the value (after clamping); `undefined` drops the field. */
  readonly transform?: (value: unknown, request: ChatCompletionRequest) => unknown;
}

export type ParamMap = Readonly<Record<string, ParamRule>>;

/** Efforts a vendor understands, ordered from least to most. */
export type EffortLevel = Exclude<ReasoningEffort, 'none'>;

/**
 * Reasoning as the vendor wants it. Every part is optional; `{}` sends nothing (the vendor's
 * default applies). Efforts the vendor lacks go to the nearest one it has (ties go up), as
 * OpenRouter does (`xhigh` → `high`).
 */
export interface ReasoningStyle {
  /** The effort field and the values it accepts. */
  readonly effort?: EffortStyle;
  /** Extra fields when reasoning is requested on (e.g. DeepSeek `thinking: {type: "enabled"}`). */
  readonly on?: Readonly<Record<string, unknown>>;
  /** Fields that turn reasoning off (e.g. `reasoning_effort: "none"`); absent: nothing is sent. */
  readonly off?: Readonly<Record<string, unknown>>;
  /** Field for `reasoning.max_tokens` (Alibaba `thinking_budget`). */
  readonly budgetField?: string;
}

/**
 * The effort field and its values. `levels` is what every model takes; `byModel` rows give the levels of
 * the models that differ (first matching row wins; a row matches an upstream model that equals one of its
 * names or starts with it followed by `-`, case-insensitive, so `grok-4.7` is not `grok-4`).
 */
export interface EffortStyle {
  readonly field: string;
  readonly levels: readonly EffortLevel[];
  readonly byModel?: readonly { readonly models: readonly string[]; readonly levels: readonly EffortLevel[] }[];
}

/** The effort levels the upstream model accepts under this style. */
export function effortLevelsFor(style: EffortStyle, upstreamModel: string): readonly EffortLevel[] {
  const model = upstreamModel.toLowerCase();
  const named = (name: string): boolean => model === name || model.startsWith(`${name}-`);
  return style.byModel?.find((row) => row.models.some(named))?.levels ?? style.levels;
}

/**
 * - `drop`: the vendor rejects reasoning on assistant messages (Mistral, Groq answer 400).
 * - `reasoning_content` / `reasoning`: the text goes back in that field (DeepSeek and Kimi need it
 *   with tool calls).
 * - `openrouter`: `reasoning` and `reasoning_details` go back unmodified (OpenRouter-compatible upstreams).
 */
export type AssistantReasoningStyle = 'drop' | 'reasoning_content' | 'reasoning' | 'openrouter';

export type MessageFieldPolicy = Readonly<Record<'system' | 'user' | 'assistant' | 'tool', readonly string[]>>;

/** `Authorization: Bearer <key>` is `{header: "Authorization", prefix: "Bearer "}`; Azure is `{header: "api-key", prefix: ""}`. */
export interface AuthStyle {
  readonly header: string;
  readonly prefix: string;
}

export const BEARER_AUTH: AuthStyle = { header: 'Authorization', prefix: 'Bearer ' };

/** Fields nearly every OpenAI-compatible vendor takes (the routing layer already dropped unsupported ones). */
export const COMMON_FIELDS: readonly string[] = [
  'temperature',
  'top_p',
  'stop',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'logprobs',
  'top_logprobs',
  'logit_bias',
  'user',
];

/** OpenRouter's extra sampling parameters, for vendors serving open models (vLLM-style samplers). */
export const OPEN_MODEL_SAMPLING_FIELDS: readonly string[] = ['top_k', 'min_p', 'repetition_penalty'];
