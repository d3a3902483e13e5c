import type { ChatMessage } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { mergeTurns, toolCallInput, type TurnBlocks } from './merge-turns.js';

/** Blocks as plain strings naming the message they came from; an empty content yields no block. */
const text = (content: unknown): string => (typeof content === 'string' ? content : JSON.stringify(content));
const BLOCKS: TurnBlocks<string, string, string> = {
  system: (message) => [`system:${text(message.content)}`],
  user: (message, field) => (message.content === '' ? [] : [`${field}:${text(message.content)}`]),
  tool: (message, field) => [`${field}:result ${message.tool_call_id}`],
  assistant: (message, field) => (message.content == null || message.content === '' ? [] : [`${field}:${text(message.content)}`]),
};

const summary = (messages: ChatMessage[]) => {
  const { system, turns } = mergeTurns(messages, BLOCKS);
  return { system, turns: turns.map((turn) => [turn.role, turn.blocks, turn.messages.length]) };
};

describe('mergeTurns', () => {
  it.each<[string, ChatMessage[], ReturnType<typeof summary>]>([
    [
      'system and developer messages are hoisted wherever they stand',
      [{ role: 'user', content: 'a' }, { role: 'developer', content: 'd' }, { role: 'assistant', content: 'b' }, { role: 'system', content: 's' }],
      { system: ['system:d', 'system:s'], turns: [['user', ['messages[0]:a'], 1], ['assistant', ['messages[2]:b'], 1]] },
    ],
    [
      'consecutive user and tool messages are one user turn',
      [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'tool', tool_call_id: 'c1', content: 'x' },
        { role: 'tool', tool_call_id: 'c2', content: 'y' },
        { role: 'user', content: 'c' },
      ],
      {
        system: [],
        turns: [
          ['user', ['messages[0]:a'], 1],
          ['assistant', ['messages[1]:b'], 1],
          ['user', ['messages[2]:result c1', 'messages[3]:result c2', 'messages[4]:c'], 3],
        ],
      },
    ],
    [
      'consecutive assistant messages merge',
      [{ role: 'assistant', content: 'a' }, { role: 'assistant', content: 'b' }],
      { system: [], turns: [['assistant', ['messages[0]:a', 'messages[1]:b'], 2]] },
    ],
    [
      'a message without blocks neither makes a turn nor splits one',
      [{ role: 'user', content: 'a' }, { role: 'assistant', content: '' }, { role: 'user', content: 'b' }],
      { system: [], turns: [['user', ['messages[0]:a', 'messages[2]:b'], 2]] },
    ],
    ['no messages', [], { system: [], turns: [] }],
  ])('%s', (_name, messages, expected) => {
    expect(summary(messages)).toEqual(expected);
  });
});

describe('toolCallInput', () => {
  it.each([
    ['{"city":"Paris"}', { city: 'Paris' }],
    ['  ', {}],
    ['', {}],
  ])('%j → %j', (arguments_, expected) => {
    expect(toolCallInput(arguments_, 'f')).toEqual(expected);
  });

  it.each([
    ['{"city":', /^messages\[1\]\.tool_calls\[0\]\.function\.arguments: is not valid JSON/],
    ['[1]', /^messages\[1\]\.tool_calls\[0\]\.function\.arguments: must be a JSON object$/],
  ])('%j is a 400 naming the field', (arguments_, message) => {
    expect(() => toolCallInput(arguments_, 'messages[1].tool_calls[0].function.arguments')).toThrow(message);
  });
});
