import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (this file is packages/test-support/src/shared-dir.ts). */
export const REPO_ROOT = path.resolve(here, '../../..');

/** Where the shared material may be: SWITCHYARD_SHARED_DIR, ../shared next to the checkout, the workplace's copy. */
const CANDIDATES = [
  process.env['SWITCHYARD_SHARED_DIR'],
  path.resolve(REPO_ROOT, '../shared'),
  path.resolve(REPO_ROOT, '../../shared'),
  '/work/shared',
].filter((candidate): candidate is string => candidate !== undefined && candidate !== '');

const found = CANDIDATES.find((candidate) => existsSync(path.join(candidate, 'fixtures', 'INDEX.md')));
if (found === undefined) {
  throw new Error(
    `Recorded fixtures (shared/fixtures/INDEX.md) not found in ${CANDIDATES.join(', ')}. ` +
      'Check out ../shared next to the repository or set SWITCHYARD_SHARED_DIR.',
  );
}

/** The shared, read-only material: recorded provider traffic and OpenAPI specs. */
export const SHARED_DIR: string = found;

export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures');
export const SPECS_DIR = path.join(SHARED_DIR, 'specs');
