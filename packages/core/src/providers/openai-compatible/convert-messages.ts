import type { AssistantMessage, ChatMessage } from '@switchyard/protocol';
import { asArray, asRecord, asString, isRecord } from '../../json.js';
import { convertMediaPart } from './convert-media.js';
import type { OpenAiCompatibleFlavor } from './flavor.js';

/**
 * The client's messages in the vendor's dialect: roles, cache breakpoints, media parts, tool calls,
 * reasoning continuity. `provider` (the display name) names the vendor in 400s for unsupported media.
 */
export function convertMessages(messages: readonly ChatMessage[], flavor: OpenAiCompatibleFlavor, provider: string = flavor.id): unknown[] {
  return messages.map((message, i) => convertMessage(message, flavor, { field: `messages[${i}]`, provider }));
}

function convertMessage(message: ChatMessage, flavor: OpenAiCompatibleFlavor, context: { field: string; provider: string }): Record<string, unknown> {
  const out: Record<string, unknown> = { ...message };
  if (message.role === 'developer' && !flavor.developerRole) out['role'] = 'system';
  if (Array.isArray(message.content)) {
    out['content'] = message.content.map((part: unknown, j: number) => {
      const converted = convertPart(part, flavor);
      if (!isRecord(converted) || converted['type'] === 'text') return converted;
      return convertMediaPart(converted, flavor, { field: `${context.field}.content[${String(j)}]`, provider: context.provider });
    });
  }
  if (message.role === 'assistant') convertAssistant(out, message, flavor);
  const role = message.role === 'developer' ? 'system' : message.role;
  const allowed = flavor.messageFields?.[role];
  return withoutUndefined(allowed === undefined ? out : pick(out, allowed));
}

function convertPart(part: unknown, flavor: OpenAiCompatibleFlavor): unknown {
  if (!isRecord(part) || flavor.cacheControl || !('cache_control' in part)) return part;
  const { cache_control: _dropped, ...rest } = part;
  return rest;
}

function convertAssistant(out: Record<string, unknown>, message: AssistantMessage, flavor: OpenAiCompatibleFlavor): void {
  if (message.tool_calls !== undefined) out['tool_calls'] = message.tool_calls.map(normalizeToolCall);
  const text = reasoningText(message);
  delete out['reasoning'];
  delete out['reasoning_content'];
  delete out['reasoning_details'];
  switch (flavor.assistantReasoning) {
    case 'reasoning_content':
      if (text !== undefined) out['reasoning_content'] = text;
      break;
    case 'reasoning':
      if (text !== undefined) out['reasoning'] = text;
      break;
    case 'openrouter':
      if (text !== undefined) out['reasoning'] = text;
      if (message.reasoning_details !== undefined) out['reasoning_details'] = message.reasoning_details;
      break;
    case 'drop':
      break;
  }
}

/** The readable reasoning of an earlier turn, from whichever field the client used. */
function reasoningText(message: AssistantMessage): string | undefined {
  const direct = message.reasoning_content ?? message.reasoning ?? undefined;
  if (direct !== undefined && direct !== '') return direct;
  const texts = (message.reasoning_details ?? [])
    .filter((detail) => detail.type === 'reasoning.text' && typeof detail.text === 'string')
    .map((detail) => detail.text ?? '');
  const joined = texts.join('');
  return joined === '' ? undefined : joined;
}

/** OpenAI requires `type: "function"`; clients often echo back stream-only fields (`index`). */
function normalizeToolCall(call: { id: string; function: { name: string; arguments: string } }): unknown {
  return { id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } };
}

/** Tools as the vendor takes them: `cache_control` kept only where supported, `function` fields filtered. */
export function convertTools(tools: unknown, flavor: OpenAiCompatibleFlavor): unknown {
  return asArray(tools).map((tool) => {
    const record = asRecord(tool);
    if (record === undefined) return tool;
    const fn = asRecord(record['function']) ?? {};
    const allowed = flavor.toolFunctionFields;
    const out: Record<string, unknown> = {
      type: asString(record['type']) ?? 'function',
      function: withoutNullish(allowed === undefined ? fn : pick(fn, allowed)),
    };
    if (flavor.cacheControl && record['cache_control'] !== undefined) out['cache_control'] = record['cache_control'];
    return out;
  });
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in record) out[key] = record[key];
  return out;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

function withoutNullish(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value != null) out[key] = value;
  return out;
}
