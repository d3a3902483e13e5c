#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error.js';
import { closeOnSignals, startupLines } from './foreground.js';
import { startGateway } from './gateway.js';
import { createLogger, parseLogLevel } from './logger.js';

const HELP = `Usage: switchyard-server [--host HOST] [--port PORT] [--config FILE] [--data-dir DIR]

Environment: SWITCHYARD_HOST, SWITCHYARD_PORT, SWITCHYARD_CONFIG, SWITCHYARD_DATA_DIR,
SWITCHYARD_API_KEY, SWITCHYARD_PROVISIONING_KEY, SWITCHYARD_LOG_LEVEL, and provider keys
(OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY, DEEPSEEK_API_KEY, GROQ_API_KEY,
XAI_API_KEY, TOGETHER_API_KEY, FIREWORKS_API_KEY, PERPLEXITY_API_KEY, MOONSHOT_API_KEY, DASHSCOPE_API_KEY).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) throw new ConfigError(`--port: "${values.port}" is not a port number`);
  const logger = createLogger(parseLogLevel(process.env['SWITCHYARD_LOG_LEVEL']));
  const gateway = await startGateway({
    env: process.env,
    cwd: process.cwd(),
    configPath: values.config,
    host: values.host,
    port: values.port === undefined ? undefined : Number(values.port),
    dataDir: values['data-dir'],
    logger,
  });
  process.stdout.write(`${startupLines(gateway).join('\n')}\n`);
  closeOnSignals(gateway, logger);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`switchyard: ${error.message}\n`);
  else process.stderr.write(`switchyard: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
