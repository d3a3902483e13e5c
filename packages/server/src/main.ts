#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error.js';
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
  const providers = [...gateway.config.providers.keys()];
  const out = process.stdout;
  out.write(`Switchyard listening on ${gateway.url}/api/v1\n`);
  out.write(`  storage:   ${gateway.config.server.postgresUrl === undefined ? gateway.config.server.sqlitePath : 'postgres'}\n`);
  out.write(`  providers: ${providers.length === 0 ? '(none enabled: set OPENAI_API_KEY, ANTHROPIC_API_KEY, … or add providers to switchyard.yaml)' : providers.join(', ')}\n`);
  out.write(`  models:    ${gateway.catalog.models.length}\n`);
  for (const { kind, secret } of gateway.bootstrap.created) {
    const what = kind === 'provisioning' ? 'a provisioning (admin) key' : 'an inference key (use it as the API key of your OpenAI/OpenRouter client)';
    out.write(`\nCreated ${what}. It is shown only once; only its hash is stored:\n  ${secret}\n`);
  }
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`switchyard: ${error.message}\n`);
  else process.stderr.write(`switchyard: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
