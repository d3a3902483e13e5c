import type {
  AssistantMessage,
  ChatMessage,
  ContentPart,
  ReasoningFormat,
  RequestReasoningDetail,
  ToolMessage,
} from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';

type Item = Record<string, unknown>;

export interface ConvertedInput {
  /** Leading system/developer messages, joined (`instructions`). */
  readonly instructions: string | undefined;
  readonly input: Item[];
}

function invalid(field: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${field}: ${message}`);
}

function textOf(content: string | readonly { type: string; text?: string }[] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : [])).join('');
}

/**
 * Chat messages → Responses `instructions` and `input` items. Leading system/developer messages
 * become `instructions`; later ones stay in place as system/developer messages. Assistant turns
 * become their reasoning items (encrypted, from `reasoning_details` of this adapter's format), a
 * message, and `function_call` items; tool messages become `function_call_output` items.
 */
export function convertResponsesInput(messages: readonly ChatMessage[], format: ReasoningFormat): ConvertedInput {
  const leading: string[] = [];
  let index = 0;
  for (; index < messages.length; index++) {
    const message = messages[index];
    if (message === undefined || (message.role !== 'system' && message.role !== 'developer')) break;
    leading.push(textOf(message.content));
  }
  const input: Item[] = [];
  messages.slice(index).forEach((message, offset) => {
    input.push(...convertMessage(message, `messages[${index + offset}]`, format));
  });
  return { instructions: leading.length === 0 ? undefined : leading.join('\n\n'), input };
}

function convertMessage(message: ChatMessage, field: string, format: ReasoningFormat): Item[] {
  switch (message.role) {
    case 'system':
    case 'developer':
      return [{ type: 'message', role: message.role, content: [{ type: 'input_text', text: textOf(message.content) }] }];
    case 'user': {
      const parts = typeof message.content === 'string' ? [{ type: 'text', text: message.content } as ContentPart] : message.content;
      return [{ type: 'message', role: 'user', content: parts.map((part, i) => convertPart(part, `${field}.content[${i}]`)) }];
    }
    case 'assistant':
      return convertAssistant(message, format);
    case 'tool':
      return [convertToolResult(message, field)];
  }
}

/** One content part → input_text / input_image / input_file. Audio and video have no Responses form. */
export function convertPart(part: ContentPart, field: string): Item {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image_url':
      return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
    case 'file':
      return convertFile(part.file, field);
    default:
      throw invalid(field, `${part.type} parts are not supported by the OpenAI Responses API`);
  }
}

function convertFile(file: { file_data?: string | undefined; file_id?: string | undefined; filename?: string | undefined }, field: string): Item {
  const out: Item = { type: 'input_file' };
  if (file.file_id !== undefined) out['file_id'] = file.file_id;
  else if (file.file_data?.startsWith('data:') === true) out['file_data'] = file.file_data;
  else if (file.file_data !== undefined && /^https?:\/\//i.test(file.file_data)) out['file_url'] = file.file_data;
  else throw invalid(field, 'a file part needs file_id, a data: URL or an http(s) URL in file_data');
  if (file.filename !== undefined) out['filename'] = file.filename;
  else if (out['file_data'] !== undefined) out['filename'] = 'file.pdf';
  return out;
}

function convertAssistant(message: AssistantMessage, format: ReasoningFormat): Item[] {
  const items: Item[] = reasoningItems(message.reasoning_details ?? [], format);
  const text = textOf(message.content as string | readonly { type: string; text?: string }[] | null | undefined);
  if (text !== '') items.push({ type: 'message', role: 'assistant', content: text });
  for (const call of message.tool_calls ?? []) {
    items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return items;
}

/**
 * `reasoning_details` of this adapter's format, grouped by item id, back into reasoning items. Only
 * items with encrypted content are sent: with `store: false` the provider keeps nothing, so an item
 * without it could not be resolved.
 */
export function reasoningItems(details: readonly RequestReasoningDetail[], format: ReasoningFormat): Item[] {
  const byId = new Map<string, { summary: Map<string, string>; encrypted: string | undefined }>();
  details.forEach((detail, position) => {
    if (detail.format !== format || detail.id == null) return;
    const entry = byId.get(detail.id) ?? { summary: new Map<string, string>(), encrypted: undefined };
    byId.set(detail.id, entry);
    // Streamed pieces of one summary share its `index`: they are joined back into one summary part.
    const key = detail.index === undefined ? `#${position}` : String(detail.index);
    if (detail.type === 'reasoning.summary' && detail.summary != null) entry.summary.set(key, (entry.summary.get(key) ?? '') + detail.summary);
    if (detail.type === 'reasoning.encrypted' && detail.data != null) entry.encrypted = (entry.encrypted ?? '') + detail.data;
  });
  return [...byId].flatMap(([id, entry]) =>
    entry.encrypted === undefined
      ? []
      : [{
          type: 'reasoning',
          id,
          summary: [...entry.summary.values()].map((text) => ({ type: 'summary_text', text })),
          encrypted_content: entry.encrypted,
        }],
  );
}

function convertToolResult(message: ToolMessage, field: string): Item {
  const { content } = message;
  const allText = typeof content === 'string' || content.every((part) => part.type === 'text');
  const output = allText
    ? textOf(content as string | readonly { type: string; text?: string }[])
    : content.map((part, i) => convertPart(part, `${field}.content[${i}]`));
  return { type: 'function_call_output', call_id: message.tool_call_id, output };
}
