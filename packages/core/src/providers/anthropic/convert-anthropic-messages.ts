import type { AssistantMessage, ChatMessage, RequestReasoningDetail, SystemMessage, ToolMessage, UserMessage } from '@switchyard/protocol';
import { mergeTurns, toolCallInput, type MergedTurn } from '../shared/merge-turns.js';
import {
  ANTHROPIC_REASONING_FORMAT,
  type AnthropicAssistantBlock,
  type AnthropicMessage,
  type AnthropicTextBlock,
  type AnthropicToolResultBlock,
  type AnthropicToolUseBlock,
  type AnthropicUserBlock,
} from './anthropic-api-types.js';
import { contentPartBlocks, textBlock } from './convert-anthropic-content.js';

export interface ConvertedMessages {
  readonly system: AnthropicTextBlock[];
  readonly messages: AnthropicMessage[];
}

/**
 * OpenAI messages → Anthropic `system` + strictly alternating turns (the shared walk of
 * merge-turns.ts: system/developer hoisted, same-role messages merged, tool messages as user turns).
 * - `tool` messages become `tool_result` blocks, moved to the front of their user turn (as Anthropic requires);
 * - a user turn that is exactly one string message stays a string (the form Anthropic's SDK sends);
 * - empty text is dropped (Anthropic rejects empty text blocks), and so are turns left empty.
 */
export function convertMessages(messages: readonly ChatMessage[]): ConvertedMessages {
  const { system, turns } = mergeTurns(messages, {
    system: systemBlocks,
    user: userBlocks,
    tool: (message, field) => [toolResultBlock(message, field)],
    assistant: assistantBlocks,
  });
  return { system, messages: turns.map(finishTurn) };
}

function systemBlocks(message: SystemMessage): AnthropicTextBlock[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ type: 'text', text: message.content }];
  return message.content.filter((part) => part.text !== '').map((part) => textBlock(part.text, part));
}

function userBlocks(message: UserMessage, field: string): AnthropicUserBlock[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ type: 'text', text: message.content }];
  return contentPartBlocks(message.content, `${field}.content`);
}

function toolResultBlock(message: ToolMessage, field: string): AnthropicToolResultBlock {
  if (typeof message.content === 'string') return { type: 'tool_result', tool_use_id: message.tool_call_id, content: message.content };
  const blocks = contentPartBlocks(message.content, `${field}.content`);
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content: blocks.length === 0 ? '' : blocks };
}

function finishTurn(turn: MergedTurn<AnthropicUserBlock, AnthropicAssistantBlock>): AnthropicMessage {
  if (turn.role === 'assistant') return { role: 'assistant', content: turn.blocks };
  const [only] = turn.messages;
  if (turn.messages.length === 1 && only?.role === 'user' && typeof only.content === 'string') return { role: 'user', content: only.content };
  const results = turn.blocks.filter((block) => block.type === 'tool_result');
  const others = turn.blocks.filter((block) => block.type !== 'tool_result');
  return { role: 'user', content: [...results, ...others] };
}

/**
 * Assistant turn order: thinking blocks first (from `reasoning_details`), then text, then tool_use.
 * Plain `reasoning` text without a signature cannot be replayed to Anthropic and is dropped.
 */
function assistantBlocks(message: AssistantMessage, field: string): AnthropicAssistantBlock[] {
  const blocks: AnthropicAssistantBlock[] = [...reasoningBlocks(message.reasoning_details ?? [])];
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') blocks.push({ type: 'text', text: content });
  } else if (content != null) {
    // Only text parts are meaningful in an assistant turn; other part types are ignored.
    for (const part of content) if (part.type === 'text' && part.text !== '') blocks.push(textBlock(part.text, part));
  }
  (message.tool_calls ?? []).forEach((call, j) => {
    blocks.push(toolUseBlock(call, `${field}.tool_calls[${j}].function.arguments`));
  });
  return blocks;
}

function toolUseBlock(call: NonNullable<AssistantMessage['tool_calls']>[number], field: string): AnthropicToolUseBlock {
  return { type: 'tool_use', id: call.id, name: call.function.name, input: toolCallInput(call.function.arguments, field) };
}

interface DetailGroup {
  readonly type: 'reasoning.text' | 'reasoning.encrypted';
  text: string;
  signature: string | undefined;
  data: string;
}

/**
 * `reasoning_details` of format anthropic-claude-v1 → thinking / redacted_thinking blocks, in order.
 * Pieces with the same type and index are one block (clients may echo streamed pieces unmerged):
 * texts and data concatenate, the last signature wins. A thinking text without a signature is dropped
 * (Anthropic rejects unsigned thinking); summaries and other formats are ignored.
 */
export function reasoningBlocks(details: readonly RequestReasoningDetail[]): AnthropicAssistantBlock[] {
  const groups = new Map<string, DetailGroup>();
  details.forEach((detail, position) => {
    if (detail.format !== ANTHROPIC_REASONING_FORMAT) return;
    if (detail.type !== 'reasoning.text' && detail.type !== 'reasoning.encrypted') return;
    const key = `${detail.type}#${detail.index ?? `p${position}`}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { type: detail.type, text: '', signature: undefined, data: '' };
      groups.set(key, group);
    }
    group.text += detail.text ?? '';
    group.data += detail.data ?? '';
    if (detail.signature != null && detail.signature !== '') group.signature = detail.signature;
  });
  const blocks: AnthropicAssistantBlock[] = [];
  for (const group of groups.values()) {
    if (group.type === 'reasoning.encrypted') {
      if (group.data !== '') blocks.push({ type: 'redacted_thinking', data: group.data });
    } else if (group.signature !== undefined) {
      blocks.push({ type: 'thinking', thinking: group.text, signature: group.signature });
    }
  }
  return blocks;
}
