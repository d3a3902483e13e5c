import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { BuildContext, HttpRequestSpec } from '../provider-adapter.js';
import { effortFromBudget, requestedMaxTokens, resolveReasoning } from '../shared/reasoning.js';
import { convertMessages, convertTools } from './convert-messages.js';
import { effortLevelsFor, type EffortLevel, type OpenAiCompatibleFlavor, type ParamRule } from './flavor.js';
import { checkResponseFormat } from './response-format.js';

/** Fields the adapter writes itself (from the request, translated per flavor). */
const MANAGED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'prompt',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'reasoning',
  'reasoning_effort',
  'include_reasoning',
]);

/**
 * OpenRouter request fields that only the gateway reads; never forwarded, whatever the flavor.
 * `stream_options` from the client is replaced (usage is always requested), `usage` is legacy,
 * top-level `cache_control` is OpenRouter's automatic caching switch.
 */
export const GATEWAY_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'models',
  'provider',
  'route',
  'transforms',
  'usage',
  'plugins',
  'session_id',
  'debug',
  'trace',
  'preset',
  'cache_control',
  'stop_server_tools_when',
]);

const EFFORT_ORDER: readonly EffortLevel[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

export function buildOpenAiCompatibleRequest(ctx: BuildContext, flavor: OpenAiCompatibleFlavor): HttpRequestSpec {
  checkResponseFormat(ctx.request, flavor, ctx.settings.name);
  const body: Record<string, unknown> = {
    model: ctx.upstreamModel,
    messages: convertMessages(ctx.request.messages, flavor, ctx.settings.name),
    ...forwardedFields(ctx.request, flavor),
  };
  const maxTokens = requestedMaxTokens(ctx.request);
  if (maxTokens !== undefined) body[flavor.maxTokensField] = maxTokens;
  Object.assign(body, reasoningFields(ctx, flavor));
  if (ctx.stream) {
    body['stream'] = true;
    if (flavor.streamUsage) body['stream_options'] = { include_usage: true };
  }
  return {
    url: `${ctx.settings.baseUrl.replace(/\/+$/, '')}/chat/completions`,
    method: 'POST',
    headers: requestHeaders(ctx, flavor),
    body: JSON.stringify(body),
    framing: ctx.stream ? 'sse' : 'json',
  };
}

function requestHeaders(ctx: BuildContext, flavor: OpenAiCompatibleFlavor): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const { apiKey } = ctx.settings;
  if (apiKey !== undefined && apiKey !== '') headers[flavor.auth.header] = `${flavor.auth.prefix}${apiKey}`;
  for (const [name, value] of Object.entries(ctx.settings.headers)) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
  return headers;
}

/**
 * The passthrough rule: gateway-only and adapter-managed fields never pass; a field with a param
 * rule follows its rule; any other field passes only if the flavor accepts it (`accepts` lists
 * the vendor's fields, provider-specific ones such as Mistral `safe_prompt` included, or is 'any').
 * Null values are never sent.
 */
export function forwardedFields(request: ChatCompletionRequest, flavor: OpenAiCompatibleFlavor): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const params = flavor.params ?? {};
  for (const [key, raw] of Object.entries(request)) {
    if (raw == null || MANAGED_FIELDS.has(key) || GATEWAY_ONLY_FIELDS.has(key)) continue;
    const value = key === 'tools' ? convertTools(raw, flavor) : raw;
    const rule = params[key];
    if (rule !== undefined) applyRule(out, key, value, rule, request);
    else if (flavor.accepts === 'any' || flavor.accepts.includes(key)) out[key] = value;
  }
  const record = request as Record<string, unknown>;
  for (const [key, rule] of Object.entries(params)) {
    const target = rule.param ?? key;
    if (rule.default !== undefined && record[key] == null && !(target in out)) out[target] = rule.default;
  }
  return out;
}

function applyRule(
  out: Record<string, unknown>,
  key: string,
  value: unknown,
  rule: ParamRule,
  request: ChatCompletionRequest,
): void {
  if (rule.drop === true) return;
  let next = value;
  if (typeof next === 'number') {
    if (rule.min !== undefined) next = Math.max(rule.min, next);
    if (rule.max !== undefined) next = Math.min(rule.max, next as number);
  }
  if (rule.transform !== undefined) next = rule.transform(next, request);
  if (next !== undefined) out[rule.param ?? key] = next;
}

/** The request's reasoning wishes (`reasoning`, `reasoning_effort`, `include_reasoning`) in the flavor's fields. */
export function reasoningFields(ctx: BuildContext, flavor: OpenAiCompatibleFlavor): Record<string, unknown> {
  const resolved = resolveReasoning(ctx.request);
  if (resolved === undefined) return {};
  const style = flavor.reasoning;
  // enabled undefined: only `include_reasoning: false` ("reason, but hide it"); the gateway hides it.
  if (resolved.enabled === undefined) return {};
  if (!resolved.enabled) return { ...style.off };
  const out: Record<string, unknown> = { ...style.on };
  if (style.effort !== undefined && style.effort.levels.length > 0) {
    const limit = requestedMaxTokens(ctx.request) ?? ctx.maxCompletionTokens;
    const effort =
      resolved.effort ??
      (resolved.maxTokens !== undefined && limit !== undefined ? effortFromBudget(resolved.maxTokens, limit) : 'medium');
    out[style.effort.field] = nearestEffort(effort, effortLevelsFor(style.effort, ctx.upstreamModel));
  }
  if (style.budgetField !== undefined && resolved.maxTokens !== undefined) out[style.budgetField] = resolved.maxTokens;
  return out;
}

/** The supported effort closest to the wanted one; on a tie the higher one. */
export function nearestEffort(wanted: EffortLevel, levels: readonly EffortLevel[]): EffortLevel | undefined {
  const rank = EFFORT_ORDER.indexOf(wanted);
  let best: EffortLevel | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const level of levels) {
    const distance = Math.abs(EFFORT_ORDER.indexOf(level) - rank);
    const higherTie = distance === bestDistance && best !== undefined && EFFORT_ORDER.indexOf(level) > EFFORT_ORDER.indexOf(best);
    if (distance < bestDistance || higherTie) {
      best = level;
      bestDistance = distance;
    }
  }
  return best;
}
