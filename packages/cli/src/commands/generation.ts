import type { Command } from 'commander';
import { formatCount, formatUsd } from '../format/money.js';
import type { GenerationInfo } from '../http/gateway-api.js';
import { openApi } from '../http/open-api.js';
import { processOutput } from '../output.js';

/** `switchyard generation ID`: one generation's model, provider, tokens, cost and timing. */
export function registerGeneration(program: Command): void {
  program
    .command('generation')
    .description('show one generation (the id a chat answer carries, "gen-…")')
    .argument('<id>', 'generation id')
    .option('--json', "print the gateway's JSON answer")
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const generation = await openApi(command, true).generation(id);
      processOutput.out(options.json === true ? JSON.stringify({ data: generation }, null, 2) : describeGeneration(generation));
    });
}

const count = (value: number | null): string => (value === null ? '-' : formatCount(value));
const milliseconds = (value: number | null | undefined): string => (value == null ? '-' : `${formatCount(value)} ms`);
const yesNo = (value: boolean | null): string => (value === null ? '-' : value ? 'yes' : 'no');

/** "label: value" lines, then one line per provider attempt (the gateway's error message when it failed). */
export function describeGeneration(generation: GenerationInfo): string {
  const fields: [string, string][] = [
    ['id', generation.id],
    ['model', generation.model],
    ['provider', generation.provider_name ?? '-'],
    ['created', generation.created_at],
    ['finish reason', generation.finish_reason ?? '-'],
    ['streamed', yesNo(generation.streamed)],
    ['prompt tokens', count(generation.tokens_prompt)],
    ['completion tokens', count(generation.tokens_completion)],
    ['reasoning tokens', count(generation.native_tokens_reasoning)],
    ['cached tokens', count(generation.native_tokens_cached)],
    ['cost', formatUsd(generation.total_cost)],
    ['latency', milliseconds(generation.latency)],
    ['generation time', milliseconds(generation.generation_time)],
    ['byok', yesNo(generation.is_byok)],
  ];
  const error = gatewayField(generation, 'error_message');
  if (error !== undefined) fields.push(['error', error]);
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  const lines = fields.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`);
  const attempts = generation.provider_responses ?? [];
  if (attempts.length > 0) lines.push('attempts:');
  for (const attempt of attempts) {
    const failure = gatewayField(attempt, 'error_message');
    const status = attempt.status === null ? 'no answer' : `HTTP ${String(attempt.status)}`;
    lines.push(`  ${attempt.provider_name ?? '?'}: ${status} in ${milliseconds(attempt.latency)}${failure === undefined ? '' : `: ${failure}`}`);
  }
  return lines.join('\n');
}

/** A string field the gateway adds to OpenRouter's shape (e.g. `error_message`), when present. */
function gatewayField(value: object, field: string): string | undefined {
  const found: unknown = (value as Record<string, unknown>)[field];
  return typeof found === 'string' && found !== '' ? found : undefined;
}
