import { describe, expect, it } from 'vitest';
import { runTools } from '../src/helpers/run-tools.js';
import { SwitchyardError, type ChatRequestNonStreaming, type ChatResponse, type ChatToolCall } from '../src/index.js';

/** A model that calls `calls` on its first turn(s) and then answers "done". */
function model(turns: ChatToolCall[][]): { send: (request: ChatRequestNonStreaming) => Promise<ChatResponse>; seen: ChatRequestNonStreaming[] } {
  const seen: ChatRequestNonStreaming[] = [];
  const send = (request: ChatRequestNonStreaming): Promise<ChatResponse> => {
    seen.push(structuredClone(request));
    const calls = turns[seen.length - 1] ?? [];
    const message = calls.length === 0 ? { role: 'assistant' as const, content: 'done' } : { role: 'assistant' as const, content: null, tool_calls: calls };
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cost: 0.25 };
    return Promise.resolve({ id: `gen-${String(seen.length)}`, object: 'chat.completion', created: 1, model: 'm', system_fingerprint: null, choices: [{ index: 0, message, finish_reason: calls.length === 0 ? 'stop' : 'tool_calls' }], usage });
  };
  return { send, seen };
}

const call = (id: string, name: string, args: string): ChatToolCall => ({ id, type: 'function', function: { name, arguments: args } });
const tool = (name: string, run: (args: Record<string, unknown>) => unknown) => ({ type: 'function' as const, function: { name, parameters: { type: 'object' } }, run });

describe('runTools', () => {
  it('sends tool failures back as {"error"} so the model can recover, and strips run() from the definitions', async () => {
    const { send, seen } = model([[call('a', 'add', '{"x":1,"y":2}'), call('b', 'boom', ''), call('c', 'missing', '{}'), call('d', 'add', '{bad json')]]);
    const result = await runTools(send, {
      model: 'm',
      messages: [{ role: 'user', content: 'go' }],
      tools: [tool('add', (args) => Number(args['x']) + Number(args['y'])), tool('boom', () => Promise.reject(new Error('exploded')))],
    });
    expect(result.rounds).toBe(2);
    expect(result.cost).toBe(0.5);
    expect(result.tool_runs.map((run) => [run.id, run.result, run.error])).toEqual([
      ['a', 3, undefined],
      ['b', undefined, 'exploded'],
      ['c', undefined, 'No tool named missing'],
      ['d', undefined, expect.stringContaining('JSON')],
    ]);
    const second = seen[1]?.messages ?? [];
    expect(second.slice(2).map((message) => (message.role === 'tool' ? [message.tool_call_id, message.content] : message.role))).toEqual([
      ['a', '3'],
      ['b', '{"error":"exploded"}'],
      ['c', '{"error":"No tool named missing"}'],
      ['d', expect.stringContaining('"error"')],
    ]);
    expect(seen[0]?.tools).toEqual([
      { type: 'function', function: { name: 'add', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'boom', parameters: { type: 'object' } } },
    ]);
    expect(result.messages.at(-1)).toEqual({ role: 'assistant', content: 'done' });
  });

  it('stops after max_rounds when the model keeps calling tools', async () => {
    const loop = [call('a', 'add', '{}')];
    const { send, seen } = model([loop, loop, loop, loop]);
    const running = runTools(send, { model: 'm', messages: [{ role: 'user', content: 'go' }], tools: [tool('add', () => 0)], max_rounds: 3 });
    await expect(running).rejects.toBeInstanceOf(SwitchyardError);
    await expect(running).rejects.toThrow(/still calling tools after 3 rounds/);
    expect(seen).toHaveLength(3);
  });
});
