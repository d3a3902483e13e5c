import type { AssistantMessage, ChatMessage, SystemMessage, ToolMessage, UserMessage } from '@switchyard/protocol';
import { isRecord, safeParseJson } from '../../json.js';
import { GatewayError } from '../../errors/gateway-error.js';

/**
 * How one provider turns each kind of OpenAI message into its own blocks. `field` is the message's
 * path as users write it (`messages[2]`), for error messages.
 */
export interface TurnBlocks<System, User, Assistant> {
  readonly system: (message: SystemMessage, field: string) => readonly System[];
  readonly user: (message: UserMessage, field: string) => readonly User[];
  /** A tool result: it goes into a user turn. */
  readonly tool: (message: ToolMessage, field: string) => readonly User[];
  readonly assistant: (message: AssistantMessage, field: string) => readonly Assistant[];
}

/** One provider turn: the blocks of consecutive messages of one role, and those messages. */
export type MergedTurn<User, Assistant> =
  | { readonly role: 'user'; readonly blocks: User[]; readonly messages: ChatMessage[] }
  | { readonly role: 'assistant'; readonly blocks: Assistant[]; readonly messages: ChatMessage[] };

export interface MergedMessages<System, User, Assistant> {
  readonly system: System[];
  readonly turns: MergedTurn<User, Assistant>[];
}

/**
 * The message walk of APIs with a separate system prompt and strictly alternating user/assistant
 * turns (Anthropic Messages, Bedrock Converse):
 * - system and developer messages are hoisted into `system`, wherever they appear;
 * - tool messages become blocks of a user turn;
 * - consecutive messages of the same role (tool results counting as user) merge into one turn;
 * - a message that yields no blocks is dropped, so it neither makes a turn nor splits one.
 */
export function mergeTurns<System, User, Assistant>(
  messages: readonly ChatMessage[],
  blocks: TurnBlocks<System, User, Assistant>,
): MergedMessages<System, User, Assistant> {
  const system: System[] = [];
  const turns: MergedTurn<User, Assistant>[] = [];
  messages.forEach((message, i) => {
    const field = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...blocks.system(message, field));
        return;
      case 'user':
        append(turns, { role: 'user', blocks: [...blocks.user(message, field)], messages: [message] });
        return;
      case 'tool':
        append(turns, { role: 'user', blocks: [...blocks.tool(message, field)], messages: [message] });
        return;
      case 'assistant':
        append(turns, { role: 'assistant', blocks: [...blocks.assistant(message, field)], messages: [message] });
    }
  });
  return { system, turns };
}

function append<User, Assistant>(turns: MergedTurn<User, Assistant>[], next: MergedTurn<User, Assistant>): void {
  if (next.blocks.length === 0) return;
  const last = turns.at(-1);
  if (last?.role !== next.role) {
    turns.push(next);
    return;
  }
  // Same role, so the same block type: TypeScript cannot tie the two union members together.
  (last.blocks as unknown[]).push(...next.blocks);
  last.messages.push(...next.messages);
}

/**
 * A tool call's `function.arguments` (JSON text) → the input object Anthropic-style APIs take: blank
 * is `{}`; anything but a JSON object is a 400 naming `field`.
 */
export function toolCallInput(text: string, field: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed = safeParseJson(text);
  if (!parsed.ok) throw new GatewayError('invalid_request', `${field}: is not valid JSON (${parsed.error.message})`);
  if (!isRecord(parsed.value)) throw new GatewayError('invalid_request', `${field}: must be a JSON object`);
  return parsed.value;
}
