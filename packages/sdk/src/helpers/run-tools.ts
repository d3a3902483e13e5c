import { SwitchyardError } from '../core/errors.js';
import type { ChatFunctionTool, ChatMessage, ChatRequestBase, ChatRequestNonStreaming, ChatToolCall } from '../types/chat-request.js';
import type { ChatResponse } from '../types/chat-response.js';

/** A function tool with the local code that runs it. `args` is the model's JSON arguments, parsed. */
export interface RunnableTool<Args = Record<string, unknown>> extends ChatFunctionTool {
  run(args: Args): unknown;
}

export interface RunToolsParams extends Omit<ChatRequestBase, 'tools'> {
  tools: RunnableTool[];
  /** Model calls at most (default 10); the helper throws when the model still calls tools after them. */
  max_rounds?: number;
}

/** One tool call the helper ran: what the model asked and what went back. */
export interface ToolRun {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
  /** The tool's return value (or the error message sent back when it threw). */
  readonly result: unknown;
  readonly error?: string;
}

export interface RunToolsResult {
  /** The model's last answer, the one without tool calls. */
  readonly response: ChatResponse;
  /** The whole conversation, to continue it: the messages given, every assistant turn (the last one included) and the tool results. */
  readonly messages: ChatMessage[];
  readonly tool_runs: ToolRun[];
  readonly rounds: number;
  /** The sum of `usage.cost` over every round, in USD. */
  readonly cost: number;
}

const DEFAULT_MAX_ROUNDS = 10;

async function runOne(tools: readonly RunnableTool[], call: ChatToolCall): Promise<ToolRun> {
  const base = { id: call.id, name: call.function.name, arguments: call.function.arguments };
  const tool = tools.find((candidate) => candidate.function.name === call.function.name);
  if (tool === undefined) return { ...base, result: undefined, error: `No tool named ${call.function.name}` };
  try {
    const args = (call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments)) as Record<string, unknown>;
    return { ...base, result: await tool.run(args) };
  } catch (error) {
    // The model sees the failure and may correct itself, as openai-node's runTools does.
    return { ...base, result: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

function toolMessage(run: ToolRun): ChatMessage {
  const content = run.error !== undefined ? JSON.stringify({ error: run.error }) : typeof run.result === 'string' ? run.result : JSON.stringify(run.result ?? null);
  return { role: 'tool', tool_call_id: run.id, content };
}

/** The loop behind `chat.runTools`, over any non-streaming `send`. */
export async function runTools(send: (request: ChatRequestNonStreaming) => Promise<ChatResponse>, params: RunToolsParams): Promise<RunToolsResult> {
  const { tools, max_rounds: maxRounds = DEFAULT_MAX_ROUNDS, ...request } = params;
  const definitions: ChatFunctionTool[] = tools.map(({ run: _run, ...definition }) => definition);
  const messages: ChatMessage[] = [...params.messages];
  const toolRuns: ToolRun[] = [];
  let cost = 0;
  for (let round = 1; round <= maxRounds; round++) {
    const response = await send({ ...request, messages, tools: definitions, stream: false });
    cost += response.usage?.cost ?? 0;
    const message = response.choices[0]?.message;
    const calls = message?.tool_calls ?? [];
    if (message === undefined || calls.length === 0) {
      if (message !== undefined) messages.push({ role: 'assistant', content: message.content ?? null });
      return { response, messages, tool_runs: toolRuns, rounds: round, cost };
    }
    // Reasoning goes back with the tool calls: providers that sign their thinking need it next turn.
    const reasoning = message.reasoning_details === undefined ? {} : { reasoning_details: message.reasoning_details };
    messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls, ...reasoning });
    const runs = await Promise.all(calls.map((call) => runOne(tools, call)));
    toolRuns.push(...runs);
    messages.push(...runs.map(toolMessage));
  }
  throw new SwitchyardError(`runTools: the model was still calling tools after ${String(maxRounds)} rounds`);
}
