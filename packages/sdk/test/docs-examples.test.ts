import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readJsonFixture } from '@switchyard/test-support';
import { build } from 'tsup';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, FIXTURES, PROVISIONING_KEY, startTestGateway, type TestGateway } from './gateway.js';

/**
 * Every ```ts block of docs/sdk.md, and of README.md's `## SDK` section when it exists, runs as a
 * program against a gateway started in-process (types stripped with TypeScript's transpileModule,
 * `@switchyard/sdk` bundled from the current sources with tsup) and must exit 0 with output; every
 * block must also type-check (strict, NodeNext) against the SDK's types. So the documented examples
 * cannot rot.
 */
const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sdkEntry = path.join(root, 'packages/sdk/src/index.ts');

interface Block {
  readonly name: string;
  readonly code: string;
}

/** The ```ts blocks of `text`, named by file and line. */
function tsBlocks(file: string, text: string, firstLine = 1): Block[] {
  const blocks: Block[] = [];
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = firstLine + text.slice(0, match.index).split('\n').length - 1;
    blocks.push({ name: `${file}:${String(line)}`, code: match[1] ?? '' });
  }
  return blocks;
}

/** README.md's `## SDK` section (to the next `## `), if the README has one. */
function readmeSdkBlocks(): Block[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.search(/^## SDK\b/m);
  if (start < 0) return [];
  const rest = readme.slice(start);
  const end = rest.slice(1).search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end + 1);
  return tsBlocks('README.md', section, readme.slice(0, start).split('\n').length);
}

const BLOCKS = [...tsBlocks('docs/sdk.md', readFileSync(path.join(root, 'docs/sdk.md'), 'utf8')), ...readmeSdkBlocks()];

/** OpenAI-format answers with tool calls while the conversation has no tool result yet. */
function wantsTool(body: unknown): boolean {
  const request = body as { tools?: unknown[]; messages?: { role: string }[] };
  return (request.tools?.length ?? 0) > 0 && !(request.messages ?? []).some((message) => message.role === 'tool');
}

let t: TestGateway;
let dir: string;

beforeAll(async () => {
  t = await startTestGateway({ env: { SWITCHYARD_BYOK_KEY: '33'.repeat(32) } });
  t.upstream.always((request) => {
    const body = request.body as { stream?: boolean };
    if (request.url.startsWith('/anthropic/')) return body.stream === true ? { body: FIXTURES.anthropicStream() } : { json: FIXTURES.anthropicText() };
    if (body.stream === true) return { body: FIXTURES.openaiTextStream() };
    if (wantsTool(request.body)) return { json: readJsonFixture('groq/vercel-ai/groq-tool-call.json') };
    return { json: FIXTURES.openaiText() };
  });
  // Inside the repository so `@switchyard/sdk` (and anything else a block imports) resolves as for a user.
  mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
  dir = mkdtempSync(path.join(root, 'node_modules/.cache/sdk-docs-'));
  // The SDK as one ESM file from the sources (no dependency on a prior `tsc -b` of dist/).
  await build({ entry: { sdk: sdkEntry }, format: ['esm'], outDir: dir, outExtension: () => ({ js: '.mjs' }), platform: 'node', target: 'node20', config: false, silent: true, dts: false, clean: false });
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('documented SDK examples', () => {
  it('there are examples to run', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(10);
  });

  for (const [index, block] of BLOCKS.entries()) {
    it(`${block.name} runs`, async () => {
      const { outputText } = ts.transpileModule(block.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
      const program = outputText.replaceAll(/from ['"]@switchyard\/sdk['"]/g, "from './sdk.mjs'");
      expect(program, `${block.name} imports @switchyard/sdk`).toContain("from './sdk.mjs'");
      const file = path.join(dir, `example-${String(index)}.mjs`);
      writeFileSync(file, program);
      const env = { ...process.env, SWITCHYARD_BASE_URL: t.baseURL, SWITCHYARD_API_KEY: API_KEY, SWITCHYARD_PROVISIONING_KEY: PROVISIONING_KEY };
      const { stdout } = await run(process.execPath, [file], { cwd: dir, env, timeout: 30_000 });
      expect(stdout.trim(), `${block.name} printed nothing`).not.toBe('');
    });
  }

  it('every example type-checks against the package declarations', async () => {
    const files = BLOCKS.map((block, index) => {
      const file = `typed-${String(index)}.mts`;
      writeFileSync(path.join(dir, file), `${block.code}\nexport {};\n`);
      return file;
    });
    const compilerOptions = {
      noEmit: true,
      strict: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2023'],
      types: ['node'],
      skipLibCheck: true,
      paths: { '@switchyard/sdk': [sdkEntry] },
    };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
    const checked = await run(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    const named = checked.stdout.replace(/typed-(\d+)\.mts/g, (_match, index: string) => BLOCKS[Number(index)]?.name ?? _match);
    expect(named).toBe('');
  }, 120_000);
});
