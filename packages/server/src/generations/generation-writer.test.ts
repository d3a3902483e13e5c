import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GenerationRecord, GenerationRepository } from '@switchyard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { GenerationWriter } from './generation-writer.js';

const row = (id: string, keyId = 'k'): GenerationRecord => ({ id, keyId, costMicro: 5 }) as GenerationRecord;

function repository(failures = 0) {
  const batches: string[][] = [];
  let remainingFailures = failures;
  const repo: GenerationRepository = {
    insertMany(rows) {
      if (remainingFailures > 0) {
        remainingFailures -= 1;
        return Promise.reject(new Error('database is locked'));
      }
      batches.push(rows.map((r) => r.id));
      return Promise.resolve();
    },
    get: () => Promise.resolve(undefined),
  };
  return { repo, batches };
}

const silent = createLogger('silent');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const file = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'writer-'));
  dirs.push(dir);
  return path.join(dir, 'unsaved.jsonl');
};

describe('GenerationWriter', () => {
  it('batches rows and keeps them readable until stored', async () => {
    const { repo, batches } = repository();
    const writer = new GenerationWriter(repo, silent, { intervalMs: 10_000, batchSize: 3, recoveryFile: file() });
    writer.enqueue(row('a'));
    writer.enqueue(row('b', 'other'));
    expect(writer.get('a')?.id).toBe('a');
    expect(writer.pendingFor('k').map((r) => r.id)).toEqual(['a']);
    writer.enqueue(row('c'));
    await writer.flush();
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(writer.get('a')).toBeUndefined();
  });

  it('retries a failed batch without losing rows', async () => {
    const { repo, batches } = repository(1);
    const writer = new GenerationWriter(repo, silent, { intervalMs: 5, batchSize: 10, recoveryFile: file() });
    writer.enqueue(row('a'));
    await writer.flush();
    expect(writer.get('a')?.id).toBe('a');
    await writer.close();
    expect(batches).toEqual([['a']]);
  });

  it('moves a row the store always rejects to the recovery file and stores the others', async () => {
    const stored: string[] = [];
    const repo: GenerationRepository = {
      insertMany(rows) {
        if (rows.some((r) => r.id === 'bad')) return Promise.reject(new Error('CHECK constraint failed'));
        stored.push(...rows.map((r) => r.id));
        return Promise.resolve();
      },
      get: () => Promise.resolve(undefined),
    };
    const recovery = file();
    const writer = new GenerationWriter(repo, silent, { intervalMs: 1, batchSize: 10, recoveryFile: recovery });
    for (const id of ['a', 'bad', 'c']) writer.enqueue(row(id));
    for (let i = 0; i < 3; i++) await writer.flush();
    expect(stored).toEqual(['a', 'c']);
    expect(readFileSync(recovery, 'utf8')).toContain('"id":"bad"');
    expect(writer.get('a')).toBeUndefined();
    await writer.close();
  });

  it('writes rows the store keeps refusing to the recovery file at shutdown', async () => {
    const { repo } = repository(1_000_000);
    const recovery = file();
    const writer = new GenerationWriter(repo, silent, { intervalMs: 5, batchSize: 10, recoveryFile: recovery });
    writer.enqueue(row('a'));
    writer.enqueue(row('b'));
    await writer.close();
    const lines = readFileSync(recovery, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(lines).toEqual(['a', 'b']);
  });
});

describe('GenerationWriter.drain', () => {
  it('stores everything queued before it returns', async () => {
    const { repo, batches } = repository();
    const writer = new GenerationWriter(repo, silent, { intervalMs: 10_000, batchSize: 2, recoveryFile: file() });
    for (const id of ['a', 'b', 'c']) writer.enqueue(row(id));
    await writer.drain();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    expect(writer.get('c')).toBeUndefined();
    await writer.close();
  });

  it('returns after a failed attempt, leaving the rows queued for the retry timer', async () => {
    const { repo, batches } = repository(1);
    const writer = new GenerationWriter(repo, silent, { intervalMs: 5, batchSize: 10, recoveryFile: file() });
    writer.enqueue(row('a'));
    await writer.drain();
    expect(writer.get('a')).toBeDefined();
    await writer.close();
    expect(batches).toEqual([['a']]);
  });

  it('durable: record() resolves once its row is stored; rows arriving meanwhile share the next batch', async () => {
    const { repo, batches } = repository();
    const writer = new GenerationWriter(repo, silent, { intervalMs: 10_000, batchSize: 100, recoveryFile: file(), durable: true });
    const stored: string[] = [];
    const answers = ['a', 'b', 'c', 'd'].map((id) => writer.record(row(id)).then(() => stored.push(id)));
    expect(stored).toEqual([]);
    await Promise.all(answers);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    expect(stored).toEqual(['a', 'b', 'c', 'd']);
  });

  it('durable: a failing store does not hold answers back; the row stays queued and is stored later', async () => {
    const { repo, batches } = repository(1);
    const writer = new GenerationWriter(repo, silent, { intervalMs: 5, batchSize: 100, recoveryFile: file(), durable: true });
    await writer.record(row('a'));
    expect(batches).toEqual([]);
    expect(writer.get('a')?.id).toBe('a');
    await writer.close();
    expect(batches).toEqual([['a']]);
  });

  it('write-behind: record() resolves at once and the row is written with the next batch', async () => {
    const { repo, batches } = repository();
    const writer = new GenerationWriter(repo, silent, { intervalMs: 10_000, batchSize: 100, recoveryFile: file() });
    await writer.record(row('a'));
    expect(batches).toEqual([]);
    await writer.flush();
    expect(batches).toEqual([['a']]);
  });
});
