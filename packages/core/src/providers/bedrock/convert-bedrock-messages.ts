import type { AssistantMessage, ChatMessage, SystemMessage, ToolMessage, UserMessage } from '@switchyard/protocol';
import { invalidField } from '../anthropic/convert-anthropic-content.js';
import { reasoningBlocks } from '../anthropic/convert-anthropic-messages.js';
import { mergeTurns, toolCallInput } from '../shared/merge-turns.js';
import type {
  BedrockCachePoint,
  BedrockContentBlock,
  BedrockMessage,
  BedrockSystemBlock,
  BedrockToolResultContent,
} from './bedrock-api-types.js';
import { CACHE_POINT, contentPartBlocks } from './convert-bedrock-content.js';

export interface ConvertedMessages {
  readonly system: BedrockSystemBlock[];
  readonly messages: BedrockMessage[];
}

/** Counts documents so unnamed ones get distinct names (Bedrock rejects duplicate names). */
interface Counter {
  documents: number;
}

/**
 * OpenAI messages → Converse `system` + `messages`, by the walk the Anthropic adapter uses
 * (merge-turns.ts): system and developer messages go to `system`; tool results become `toolResult`
 * blocks in user turns; consecutive turns of one role are merged (Converse requires user and
 * assistant to alternate).
 */
export function convertMessages(messages: readonly ChatMessage[]): ConvertedMessages {
  const counter: Counter = { documents: 0 };
  const { system, turns } = mergeTurns(messages, {
    system: systemBlocks,
    user: (message, field) => userBlocks(message, field, counter),
    tool: (message, field) => toolResultBlocks(message, field, counter),
    assistant: assistantBlocks,
  });
  return { system, messages: turns.map(({ role, blocks }): BedrockMessage => ({ role, content: blocks })) };
}

function systemBlocks(message: SystemMessage): BedrockSystemBlock[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ text: message.content }];
  const blocks: BedrockSystemBlock[] = [];
  for (const part of message.content) {
    if (part.text !== '') blocks.push({ text: part.text });
    if (part.cache_control !== undefined) blocks.push(CACHE_POINT);
  }
  return blocks;
}

function userBlocks(message: UserMessage, field: string, counter: Counter): BedrockContentBlock[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ text: message.content }];
  return message.content.flatMap((part, j) => contentPartBlocks(part, `${field}.content[${j}]`, ++counter.documents));
}

/** reasoning_details (Claude's signed thinking) first, then text, then tool calls. */
function assistantBlocks(message: AssistantMessage, field: string): BedrockContentBlock[] {
  const blocks: BedrockContentBlock[] = [];
  for (const block of reasoningBlocks(message.reasoning_details ?? [])) {
    if (block.type === 'thinking') {
      blocks.push({ reasoningContent: { reasoningText: { text: block.thinking, signature: block.signature } } });
    } else if (block.type === 'redacted_thinking') {
      blocks.push({ reasoningContent: { redactedContent: block.data } });
    }
  }
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') blocks.push({ text: content });
  } else if (content != null) {
    for (const part of content) {
      if (part.type !== 'text') throw invalidField(`${field}.content`, 'assistant messages may hold text parts only');
      if (part.text !== '') blocks.push({ text: part.text });
      if (part.cache_control !== undefined) blocks.push(CACHE_POINT);
    }
  }
  (message.tool_calls ?? []).forEach((call, k) => {
    blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: toolCallInput(call.function.arguments, `${field}.tool_calls[${k}].function.arguments`) } });
  });
  return blocks;
}

/** A tool message → a `toolResult` block (a cache point requested on its parts follows the block). */
function toolResultBlocks(message: ToolMessage, field: string, counter: Counter): BedrockContentBlock[] {
  let content: BedrockToolResultContent[];
  let cache = false;
  if (typeof message.content === 'string') {
    content = [{ text: message.content }];
  } else {
    const parts = message.content.flatMap((part, j) => contentPartBlocks(part, `${field}.content[${j}]`, ++counter.documents));
    cache = parts.some(isCachePoint);
    content = parts.filter((part): part is BedrockToolResultContent => !isCachePoint(part));
  }
  if (content.length === 0) content = [{ text: '' }];
  const block: BedrockContentBlock = { toolResult: { toolUseId: message.tool_call_id, content } };
  return cache ? [block, CACHE_POINT] : [block];
}

function isCachePoint(block: BedrockToolResultContent | BedrockCachePoint): block is BedrockCachePoint {
  return 'cachePoint' in block;
}

/**
 * Converse rejects toolUse / toolResult blocks when the request defines no tools ("The toolConfig
 * field must be defined…"): with `tool_choice: "none"` or no `tools`, past tool calls and results
 * are kept as plain text (tool result images and documents stay as they are).
 */
export function toolBlocksAsText(messages: readonly BedrockMessage[]): BedrockMessage[] {
  return messages.map((message) => ({
    role: message.role,
    content: message.content.flatMap((block): BedrockContentBlock[] => {
      if ('toolUse' in block) {
        return [{ text: `[Called tool ${block.toolUse.name} (id ${block.toolUse.toolUseId}) with ${JSON.stringify(block.toolUse.input)}]` }];
      }
      if ('toolResult' in block) {
        const { toolUseId, content } = block.toolResult;
        return [{ text: `[Result of tool call ${toolUseId}]` }, ...content.filter((part) => !('text' in part) || part.text !== '')];
      }
      return [block];
    }),
  }));
}
