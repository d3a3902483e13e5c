// Starts the built gateway as a child process, pointed at the nginx stand-in.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { stringify } from 'yaml';
import { API_KEY, GATEWAY_MAIN, PROVISIONING_KEY, REPO_DIR, freePort, waitForHttp } from './util.mjs';

/** One provider (openai-compatible at `baseUrl`) and one model, bench/echo; no bundled catalog. */
export function gatewayConfig(baseUrl) {
  return {
    bundled_catalog: false,
    providers: [{ id: 'bench', name: 'Bench', adapter: 'openai-compatible', base_url: baseUrl, api_key: 'x' }],
    models: [
      {
        id: 'bench/echo',
        context_length: 128000,
        endpoints: [
          {
            provider: 'bench',
            upstream_model: 'gpt-4.1-nano',
            pricing: { prompt: '0.0000001', completion: '0.0000004' },
            supported_parameters: ['temperature', 'max_tokens'],
          },
        ],
      },
    ],
  };
}

/**
 * `name` labels the child; `dir` holds switchyard.yaml and the data dir (reused across restarts);
 * `nodeArgs` e.g. ['--cpu-prof', '--cpu-prof-dir', dir] for profiling.
 */
export async function startSwitchyard(children, { name, dir, baseUrl, nodeArgs = [] }) {
  if (!existsSync(GATEWAY_MAIN)) throw new Error(`${GATEWAY_MAIN} is missing: build first (npx tsc -b)`);
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'switchyard.yaml');
  writeFileSync(configFile, stringify(gatewayConfig(baseUrl)));
  const port = await freePort();
  const entry = children.start(
    name,
    process.execPath,
    [
      ...nodeArgs,
      GATEWAY_MAIN,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--data-dir',
      path.join(dir, 'data'),
      '--config',
      configFile,
    ],
    {
      cwd: REPO_DIR,
      env: {
        ...process.env,
        SWITCHYARD_API_KEY: API_KEY,
        SWITCHYARD_PROVISIONING_KEY: PROVISIONING_KEY,
        SWITCHYARD_LOG_LEVEL: 'warn',
      },
    },
  );
  await waitForHttp(`http://127.0.0.1:${port}/health`, entry, 30_000);
  return { entry, port, url: `http://127.0.0.1:${port}/api/v1/chat/completions` };
}
