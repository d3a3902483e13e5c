import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

it('the *.test-d.ts type tests compile (tsc --noEmit -p packages/sdk/tsconfig.test-d.json)', () => {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  const run = spawnSync(tsc, ['--noEmit', '-p', 'packages/sdk/tsconfig.test-d.json'], { cwd: root, encoding: 'utf8' });
  expect(run.error).toBeUndefined();
  expect(`${run.stdout}${run.stderr}`).toBe('');
  expect(run.status).toBe(0);
}, 180_000);
