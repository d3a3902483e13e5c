import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The published package works from a clean directory: build (tsc for ESM, tsup for CJS), `npm pack`,
 * install the tarball offline into a fresh project, then `import` and `require` it with plain Node
 * and type-check a consumer of each format against the shipped declarations.
 */
const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(sdkDir, '../..');
let work: string;
let app: string;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A program that calls the SDK through an injected fetch and prints what it got. */
const PROGRAM = `
const fetch = async (url, init) => new Response(JSON.stringify({ data: { count: 7 }, url, auth: init.headers.authorization }), { headers: { 'content-type': 'application/json' } });
const client = new sdk.Switchyard({ apiKey: 'sk-pkg', baseURL: 'http://gw.test/api/v1', fetch });
const error = new sdk.TooManyRequestsError(429, { code: 429, message: 'slow' }, undefined, undefined);
client.models.count().then((body) => console.log(JSON.stringify({ count: body.data.count, url: body.url, auth: body.auth, stream: typeof sdk.Stream, is429: error instanceof sdk.APIError })));
`;
const EXPECTED = { count: 7, url: 'http://gw.test/api/v1/models/count', auth: 'Bearer sk-pkg', stream: 'function', is429: true };

const CONSUMER = `
import { Switchyard, NotFoundError, type ChatResponse, type Stream, type ChatStreamChunk } from '@switchyard/sdk';
const client = new Switchyard({ apiKey: 'k' });
async function main(): Promise<void> {
  const answer: ChatResponse = await client.chat.send({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
  const stream: Stream<ChatStreamChunk> = await client.chat.send({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true });
  void answer; void stream; void NotFoundError;
}
void main;
`;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'switchyard-sdk-pack-'));
  run(path.join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/sdk'], root);
  run(path.join(root, 'node_modules/.bin/tsup'), [], sdkDir);
  run('npm', ['pack', '--pack-destination', work, '--silent'], sdkDir);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack made no tarball');
  app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'clean-app', version: '1.0.0', private: true }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, tarball)], app);
}, 240_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('@switchyard/sdk from a clean directory', () => {
  it('the tarball holds the ESM and CJS builds and their declarations, not the sources', () => {
    const files = readdirSync(path.join(app, 'node_modules/@switchyard/sdk/dist'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'index.cjs', 'index.d.cts']));
    expect(readdirSync(path.join(app, 'node_modules/@switchyard/sdk'))).not.toContain('src');
  });

  it('import works (ESM)', () => {
    const out = run(process.execPath, ['--input-type=module', '-e', `import * as sdk from '@switchyard/sdk';\n${PROGRAM}`], app);
    expect(JSON.parse(out.stdout)).toEqual(EXPECTED);
  });

  it('require works (CJS)', () => {
    const out = run(process.execPath, ['-e', `const sdk = require('@switchyard/sdk');\n${PROGRAM}`], app);
    expect(JSON.parse(out.stdout)).toEqual(EXPECTED);
  });

  it('the declarations type-check consumers of both formats (NodeNext)', () => {
    writeFileSync(path.join(app, 'esm.mts'), CONSUMER);
    writeFileSync(path.join(app, 'cjs.cts'), CONSUMER);
    const compilerOptions = { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom', 'esnext.disposable'], types: [] };
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['esm.mts', 'cjs.cts'] }));
    const result = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
