import { readFileSync } from 'node:fs';
import { asRecord, asString, safeParseJson } from '@switchyard/core';
import { Command, Option } from 'commander';
import { registerActivity } from './commands/activity.js';
import { registerChat } from './commands/chat.js';
import { registerCredits } from './commands/credits.js';
import { registerGeneration } from './commands/generation.js';
import { registerKeys } from './commands/keys.js';
import { registerModels } from './commands/models.js';
import { registerDoctor, registerMigrate, registerServe } from './commands/operator-commands.js';
import { DEFAULT_BASE_URL } from './http/connection.js';

function packageVersion(): string {
  const parsed = safeParseJson(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return (parsed.ok ? asString(asRecord(parsed.value)?.['version']) : undefined) ?? '0.0.0';
}

/**
 * The `switchyard` command tree. Usage errors throw (exitOverride) instead of exiting, and commander's
 * messages are printed as "switchyard: …" like every other error.
 */
export function createProgram(): Command {
  const program = new Command('switchyard')
    .description('Switchyard: a self-hosted, OpenRouter-compatible LLM gateway')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`switchyard: ${text.replace(/^error: /, '')}`) })
    .addOption(new Option('--base-url <url>', 'the gateway API for chat, models, generation and activity').env('SWITCHYARD_BASE_URL').default(DEFAULT_BASE_URL))
    .addOption(new Option('--api-key <key>', 'API key sent to the gateway').env('SWITCHYARD_API_KEY'));
  registerServe(program);
  registerMigrate(program);
  registerKeys(program);
  registerCredits(program);
  registerDoctor(program);
  registerModels(program);
  registerChat(program);
  registerGeneration(program);
  registerActivity(program);
  return program;
}
