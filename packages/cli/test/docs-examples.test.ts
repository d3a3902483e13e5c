import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIXTURES } from '../../server/test/support/fixture-bodies.js';
import { API_KEY, startTestGateway, type TestGateway } from '../../server/test/support/harness.js';
import { section, shellBlocks } from './support/doc-examples.js';
import { assertBuilt, CLI_PATH, runProcess, tempDir } from './support/run-cli.js';

// Each test runs the built binary several times: seconds each on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cliDoc = path.join(root, 'docs/cli.md');
const readme = path.join(root, 'README.md');

/** Every ```sh block of docs/cli.md and of README.md's "## CLI" section (when the README has one). */
const examples = [
  ...shellBlocks(readFileSync(cliDoc, 'utf8'), 'docs/cli.md'),
  ...((): ReturnType<typeof shellBlocks> => {
    const cli = section(readme, 'CLI');
    return cli === undefined ? [] : shellBlocks(cli.text, 'README.md', cli.firstLine);
  })(),
];

const temp = tempDir('switchyard-cli-docs-');
let t: TestGateway;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  t = await startTestGateway();
  // Every chat in the examples gets the recorded streaming answer of gpt-4o-mini.
  t.upstream.always({ body: FIXTURES.openaiTextStream(), chunkSize: 200 });
  const bin = path.join(temp.dir, 'bin');
  const wrapper = path.join(bin, 'switchyard');
  mkdirSync(bin);
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  env = {
    PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    SWITCHYARD_BASE_URL: t.baseURL,
    SWITCHYARD_API_KEY: API_KEY,
    // The running gateway's own database and config: what an operator on its machine works on.
    SWITCHYARD_DATA_DIR: t.dataDir,
    SWITCHYARD_CONFIG: path.join(t.dataDir, 'switchyard.yaml'),
  };
});
afterAll(async () => {
  await t.close();
  temp.remove();
});

describe('documented CLI examples run and exit 0', () => {
  it('docs/cli.md has examples for every command', () => {
    const all = examples.map((example) => example.script).join('\n');
    for (const command of ['migrate', 'keys create', 'keys list', 'keys update', 'keys disable', 'keys delete', 'credits add', 'credits show', 'doctor', 'models list', 'models show', 'chat', 'generation', 'activity']) {
      expect(all, command).toContain(`switchyard ${command}`);
    }
  });

  it.each(examples.map((example) => [example.where, example] as const))('%s', async (_where, example) => {
    const cwd = tempDir('switchyard-cli-example-');
    try {
      const result = await runProcess('bash', ['-e', '-o', 'pipefail', '-c', example.script], { env, cwd: cwd.dir, timeoutMs: 60_000 });
      expect(result.code, `${example.script}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    } finally {
      cwd.remove();
    }
  });
});
