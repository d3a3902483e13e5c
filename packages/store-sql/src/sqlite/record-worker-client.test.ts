import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generation } from '../contract/fixtures.js';
import { createSqliteStore } from './create-sqlite-store.js';
import { compiledExecArgv, RecordWorkerClient, recordWorkerAvailable } from './record-worker-client.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-record-worker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('compiledExecArgv', () => {
  it('drops only the @switchyard/source condition', () => {
    expect(compiledExecArgv(['--require', 'x.cjs', '--conditions', '@switchyard/source', '--conditions', 'node', '-C=@switchyard/source', '--conditions=@switchyard/source', '--cpu-prof'])).toEqual([
      '--require',
      'x.cjs',
      '--conditions',
      'node',
      '--cpu-prof',
    ]);
  });
});

describe('SQLite record worker', () => {
  it('is available once the package is built (npm test builds first)', () => {
    expect(recordWorkerAvailable()).toBe(true);
  });

  it('stores batches on its own connection: another store on the same file reads them, after close too', async () => {
    const path = join(root, 'shared.db');
    const writer = createSqliteStore({ path });
    await writer.migrate();
    await writer.recordGenerations([generation('gen_w1')], [], new Date());
    const reader = createSqliteStore({ path, recordInWorker: false });
    try {
      expect(await reader.generations.get('gen_w1')).toMatchObject({ id: 'gen_w1' });
      await writer.recordGenerations([generation('gen_w2')], [], new Date());
      await writer.close();
      expect(await reader.generations.get('gen_w2')).toMatchObject({ id: 'gen_w2' });
    } finally {
      await reader.close();
    }
  });

  it('fails the batches of a worker that dies, and starts a new worker for the next batch', async () => {
    const dir = join(root, 'not-yet');
    const client = new RecordWorkerClient({ path: join(dir, 'file-in-place-of-a-directory', 'db.sqlite') });
    writeFileSync(dir, 'a file where the directory should be');
    await expect(client.record([generation('gen_lost')], [], new Date())).rejects.toThrow(/ENOTDIR|not a directory/i);
    rmSync(dir);
    const store = createSqliteStore({ path: join(dir, 'file-in-place-of-a-directory', 'db.sqlite'), recordInWorker: false });
    await store.migrate();
    await client.record([generation('gen_kept')], [], new Date());
    await client.close();
    expect(await store.generations.get('gen_kept')).toMatchObject({ id: 'gen_kept' });
    await store.close();
  });

  it('neither keeps a process alive when idle nor lets it exit while a batch is in flight', () => {
    const path = join(root, 'exit.db');
    const module = pathToFileURL(join(import.meta.dirname, '../../dist/index.js')).href;
    // No close(): the process must still exit by itself once the batch is stored.
    const script = `
      const { createSqliteStore } = await import(${JSON.stringify(module)});
      const store = createSqliteStore({ path: ${JSON.stringify(path)} });
      await store.migrate();
      const at = new Date('2025-01-01T00:00:00Z');
      const record = ${JSON.stringify(generation('gen_exit'))};
      store.recordGenerations([{ ...record, createdAt: at }], [], at).then(() => console.log('stored'));`;
    const file = join(root, 'exit.mjs');
    writeFileSync(file, script);
    const output = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 15_000 });
    expect(output.trim()).toBe('stored');
  });
});
