import type { AssistantMessage, ChatMessage, ToolMessage } from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';
import { isRecord, safeParseJson } from '../../json.js';
import { contentText, convertContent } from './convert-gemini-content-parts.js';
import type { GeminiContent, GeminiPart, GeminiRole } from './gemini-api-types.js';
import { GEMINI_REASONING_FORMAT } from './gemini-reasoning.js';

/**
 * Google's documented placeholder for a function call whose signature is unknown (history written by
 * another model or a client that dropped `reasoning_details`); Gemini 3 rejects unsigned calls otherwise.
 * `thoughtSignature` is a proto `bytes` field, so the wire form is the base64 of the ASCII sentinel
 * "skip_thought_signature_validator" (what the Google SDKs send for `b"skip_thought_signature_validator"`).
 */
export const SKIP_SIGNATURE = 'c2tpcF90aG91Z2h0X3NpZ25hdHVyZV92YWxpZGF0b3I=';

export interface ConvertedMessages {
  readonly systemInstruction: { parts: GeminiPart[] } | undefined;
  readonly contents: GeminiContent[];
}

export interface ConvertMessagesOptions {
  /** Gemini 3 validates thought signatures on function calls. */
  readonly requireSignatures: boolean;
}

/** OpenAI messages → Gemini `systemInstruction` + `contents` (user/model turns, consecutive roles merged). */
export function convertMessages(messages: readonly ChatMessage[], options: ConvertMessagesOptions): ConvertedMessages {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  /** tool_call_id → function name, from the assistant turns seen so far (the latest wins). */
  const toolNames = new Map<string, string>();
  messages.forEach((message, index) => {
    const field = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = contentText(message.content);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        append(contents, 'user', convertContent(message.content, `${field}.content`));
        break;
      case 'assistant':
        append(contents, 'model', assistantParts(message, field, toolNames, options));
        break;
      case 'tool':
        append(contents, 'user', [functionResponsePart(message, field, toolNames)]);
        break;
    }
  });
  return { systemInstruction: system.length === 0 ? undefined : { parts: system }, contents };
}

function append(contents: GeminiContent[], role: GeminiRole, parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function assistantParts(
  message: AssistantMessage,
  field: string,
  toolNames: Map<string, string>,
  options: ConvertMessagesOptions,
): GeminiPart[] {
  const parts: GeminiPart[] =
    typeof message.content === 'string' || message.content == null
      ? [{ text: message.content ?? '' }]
      : convertContent(message.content, `${field}.content`);
  const textParts = parts.filter((part) => part.text !== '');
  const calls = (message.tool_calls ?? []).map((call, index) => {
    toolNames.set(call.id, call.function.name);
    const args = parseArguments(call.function.arguments, `${field}.tool_calls[${index}].function.arguments`);
    return { id: call.id, part: { functionCall: { name: call.function.name, args } } as GeminiPart };
  });
  attachSignatures(message, textParts, calls, options);
  return [...textParts, ...calls.map((call) => call.part)];
}

function parseArguments(text: string, field: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed = safeParseJson(text);
  if (!parsed.ok) throw new GatewayError('invalid_request', `${field}: not valid JSON (${parsed.error.message})`);
  if (!isRecord(parsed.value)) throw new GatewayError('invalid_request', `${field}: must be a JSON object`);
  return parsed.value;
}

/**
 * Puts the thought signatures this adapter emitted (`reasoning.encrypted`, format google-gemini-v1) back
 * on the parts they came from: by tool call id, else (id-less signatures of text parts) on the last text
 * part, else on the first unsigned function call.
 */
function attachSignatures(
  message: AssistantMessage,
  textParts: GeminiPart[],
  calls: readonly { id: string; part: GeminiPart }[],
  options: ConvertMessagesOptions,
): void {
  const loose: string[] = [];
  for (const detail of message.reasoning_details ?? []) {
    if (detail.type !== 'reasoning.encrypted' || detail.format !== GEMINI_REASONING_FORMAT) continue;
    if (typeof detail.data !== 'string' || detail.data === '') continue;
    const call = detail.id == null ? undefined : calls.find((c) => c.id === detail.id);
    if (call === undefined) loose.push(detail.data);
    else call.part.thoughtSignature ??= detail.data;
  }
  const looseSignature = loose[0];
  const lastText = textParts.at(-1);
  if (looseSignature !== undefined) {
    const target = lastText ?? calls.find((c) => c.part.thoughtSignature === undefined)?.part;
    if (target !== undefined) target.thoughtSignature ??= looseSignature;
  }
  const firstCall = calls[0]?.part;
  if (options.requireSignatures && firstCall !== undefined && calls.every((c) => c.part.thoughtSignature === undefined)) {
    firstCall.thoughtSignature = SKIP_SIGNATURE;
  }
}

function functionResponsePart(message: ToolMessage, field: string, toolNames: ReadonlyMap<string, string>): GeminiPart {
  const name = toolNames.get(message.tool_call_id) ?? message.name;
  if (name === undefined) {
    throw new GatewayError(
      'invalid_request',
      `${field}.tool_call_id: no earlier assistant tool call has id "${message.tool_call_id}"`,
    );
  }
  const text = contentText(message.content);
  const parsed = safeParseJson(text);
  const response = parsed.ok && isRecord(parsed.value) ? parsed.value : { content: text };
  return { functionResponse: { name, response } };
}
