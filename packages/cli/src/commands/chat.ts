import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatUsd } from '../format/money.js';
import type { ChatChunk, ChatRequest, GatewayApi } from '../http/gateway-api.js';
import { openApi } from '../http/open-api.js';

interface ChatOptions {
  readonly system?: string;
  readonly maxTokens?: string;
  readonly temperature?: string;
}

/** Where the answer goes: text to stdout as it streams, the summary (tokens, cost) to stderr. */
export interface ChatSink {
  text(delta: string): void;
  note(line: string): void;
}

const processSink: ChatSink = {
  text: (delta) => process.stdout.write(delta),
  note: (line) => process.stderr.write(`${line}\n`),
};

/** `switchyard chat MODEL "prompt"`: streams the answer, then prints tokens and cost. */
export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('send one prompt; the answer streams to stdout, then tokens and cost go to stderr')
    .argument('<model>', 'model id, e.g. openai/gpt-4o-mini (or openrouter/auto)')
    .argument('<prompt>', 'the user message ("-" reads it from stdin)')
    .option('--system <text>', 'a system message sent before the prompt')
    .option('--max-tokens <n>', 'upper bound on completion tokens')
    .option('--temperature <t>', 'sampling temperature (0-2)')
    .action((model: string, prompt: string, options: ChatOptions, command: Command) => chat(openApi(command, true), buildRequest(model, prompt, options), processSink));
}

export function buildRequest(model: string, prompt: string, options: ChatOptions): ChatRequest {
  const text = prompt === '-' ? readFileSync(0, 'utf8') : prompt;
  if (text.trim() === '') throw new UsageError('the prompt is empty');
  return {
    model,
    messages: [...(options.system === undefined ? [] : [{ role: 'system' as const, content: options.system }]), { role: 'user', content: text }],
    ...(options.maxTokens === undefined ? {} : { max_tokens: positiveInteger('--max-tokens', options.maxTokens) }),
    ...(options.temperature === undefined ? {} : { temperature: temperature(options.temperature) }),
  };
}

function positiveInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UsageError(`${flag}: "${value}" is not a positive integer`);
  return Number(value);
}

function temperature(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 2) throw new UsageError(`--temperature: "${value}" is not a number from 0 to 2`);
  return parsed;
}

/** Streams one chat; a failure inside the stream fails the command after what arrived was shown. */
export async function chat(api: GatewayApi, request: ChatRequest, sink: ChatSink): Promise<void> {
  const stream = await api.streamChat(request);
  let last: ChatChunk | undefined;
  let usage: ChatChunk['usage'];
  let endsWithNewline = true;
  try {
    for await (const chunk of stream) {
      last = chunk;
      const delta = chunk.choices[0]?.delta?.content;
      if (delta != null && delta !== '') {
        sink.text(delta);
        endsWithNewline = delta.endsWith('\n');
      }
      if (chunk.usage != null) usage = chunk.usage;
    }
  } catch (error) {
    if (!endsWithNewline) sink.text('\n');
    throw new Error(`the answer broke off: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!endsWithNewline) sink.text('\n');
  sink.note(summaryLine(last, usage));
}

/** "openai/gpt-4o-mini via OpenAI: 16 prompt + 363 completion tokens, $0.00022 (gen-…)". */
export function summaryLine(last: ChatChunk | undefined, usage: ChatChunk['usage']): string {
  const who = `${last?.model ?? 'the model'}${last?.provider === undefined ? '' : ` via ${last.provider}`}`;
  const tokens = usage == null ? 'no usage reported' : `${String(usage.prompt_tokens)} prompt + ${String(usage.completion_tokens)} completion tokens`;
  const cost = usage?.cost == null ? '' : `, ${formatUsd(usage.cost)}`;
  const id = last?.id === undefined ? '' : ` (${last.id})`;
  return `${who}: ${tokens}${cost}${id}`;
}
