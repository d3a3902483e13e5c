import type { AssistantMessage, ContentPart, ImagePart, SystemMessage, ToolMessage, UserMessage, ChatMessage } from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';
import type { CohereImageItem, CohereMessage, CohereTextItem, CohereThinkingItem, CohereToolCall } from './cohere-api-types.js';
import { COHERE_REASONING_FORMAT } from './cohere-reasoning.js';

/** A client error in the request; `field` is the path as users write it (messages[2].content[0]). */
function invalidField(field: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${field}: ${message}`);
}

export interface ConvertOptions {
  /** The target is a reasoning model: earlier thinking goes back as `thinking` content. */
  readonly reasoningModel: boolean;
}

/**
 * OpenAI messages → Cohere v2 messages. System and developer messages are hoisted to the front
 * (Cohere wants the system turn first); the other roles map one to one.
 */
export function convertCohereMessages(messages: readonly ChatMessage[], options: ConvertOptions): CohereMessage[] {
  const system: CohereMessage[] = [];
  const rest: CohereMessage[] = [];
  messages.forEach((message, i) => {
    const field = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...systemMessage(message));
        return;
      case 'user':
        rest.push(userMessage(message, field));
        return;
      case 'tool':
        rest.push(toolMessage(message, field));
        return;
      case 'assistant': {
        const converted = assistantMessage(message, options);
        if (converted !== undefined) rest.push(converted);
      }
    }
  });
  return [...system, ...rest];
}

function systemMessage(message: SystemMessage): CohereMessage[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ role: 'system', content: message.content }];
  const items = message.content.filter((part) => part.text !== '').map((part): CohereTextItem => ({ type: 'text', text: part.text }));
  return items.length === 0 ? [] : [{ role: 'system', content: items }];
}

function imageItem(part: ImagePart, field: string): CohereImageItem {
  const { url, detail } = part.image_url;
  // Cohere fetches http(s) image URLs itself and takes base64 data: URLs.
  if (!/^(https?:\/\/|data:image\/)/i.test(url)) {
    throw invalidField(`${field}.image_url.url`, 'must be an http(s) URL or a data:image/...;base64 URL');
  }
  const cohereDetail = detail === 'original' ? 'high' : detail;
  return { type: 'image_url', image_url: cohereDetail === undefined ? { url } : { url, detail: cohereDetail } };
}

function userItem(part: ContentPart, field: string): CohereTextItem | CohereImageItem | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { type: 'text', text: part.text };
    case 'image_url':
      return imageItem(part, field);
    case 'file':
      throw invalidField(field, 'Cohere chat does not accept file parts (send the text, or use an image)');
    case 'input_audio':
      throw invalidField(field, 'Cohere does not accept audio input');
    default:
      throw invalidField(field, 'Cohere does not accept video input');
  }
}

function userMessage(message: UserMessage, field: string): CohereMessage {
  if (typeof message.content === 'string') return { role: 'user', content: message.content };
  const items = message.content.flatMap((part, j) => userItem(part, `${field}.content[${j}]`) ?? []);
  return { role: 'user', content: items };
}

function toolMessage(message: ToolMessage, field: string): CohereMessage {
  if (typeof message.content === 'string') return { role: 'tool', tool_call_id: message.tool_call_id, content: message.content };
  const items = message.content.map((part, j): CohereTextItem => {
    if (part.type !== 'text') throw invalidField(`${field}.content[${j}]`, 'Cohere tool results take text only');
    return { type: 'text', text: part.text };
  });
  return { role: 'tool', tool_call_id: message.tool_call_id, content: items };
}

interface AssistantReasoning {
  readonly thinking: string;
  readonly toolPlan: string;
}

/**
 * Reasoning echoed back on an assistant turn. `reasoning_details` of this adapter's format keep
 * thinking (`reasoning.text`) and the tool plan (`reasoning.summary`) apart; plain `reasoning`
 * text (no details) is thinking for reasoning models and the tool plan otherwise.
 */
function assistantReasoning(message: AssistantMessage, options: ConvertOptions): AssistantReasoning {
  const details = (message.reasoning_details ?? []).filter((detail) => detail.format === COHERE_REASONING_FORMAT);
  if (details.length > 0) {
    const thinking = details.filter((d) => d.type === 'reasoning.text').map((d) => d.text ?? '').join('');
    const toolPlan = details.filter((d) => d.type === 'reasoning.summary').map((d) => d.summary ?? '').join('');
    return { thinking, toolPlan };
  }
  const text = message.reasoning ?? message.reasoning_content ?? '';
  return options.reasoningModel ? { thinking: text, toolPlan: '' } : { thinking: '', toolPlan: text };
}

function assistantText(message: AssistantMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (content == null) return '';
  // Only text parts are meaningful in an assistant turn; other part types are ignored.
  return content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
}

function toolCalls(message: AssistantMessage): CohereToolCall[] {
  return (message.tool_calls ?? []).map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.function.name, arguments: call.function.arguments.trim() === '' ? '{}' : call.function.arguments },
  }));
}

/**
 * An assistant turn: thinking items first (reasoning models only), then the text; tool calls with
 * their tool plan. A turn left with nothing to say is dropped (Cohere rejects empty turns).
 */
function assistantMessage(message: AssistantMessage, options: ConvertOptions): CohereMessage | undefined {
  const { thinking, toolPlan } = assistantReasoning(message, options);
  const text = assistantText(message);
  const calls = toolCalls(message);
  const items: (CohereTextItem | CohereThinkingItem)[] = [];
  if (options.reasoningModel && thinking !== '') items.push({ type: 'thinking', thinking });
  if (text !== '') items.push({ type: 'text', text });
  if (items.length === 0 && calls.length === 0) return undefined;
  const out: CohereMessage & { role: 'assistant' } = { role: 'assistant' };
  if (items.length > 0) out.content = items.length === 1 && items[0]?.type === 'text' ? text : items;
  if (calls.length > 0) {
    out.tool_calls = calls;
    if (toolPlan !== '') out.tool_plan = toolPlan;
  }
  return out;
}
