import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (this file is packages/test-support/src/shared-dir.ts). */
export const REPO_ROOT = path.resolve(here, '../../..');

/** ../shared next to the checkout (fixtures, specs), or SWITCHYARD_SHARED_DIR. */
export const SHARED_DIR = process.env['SWITCHYARD_SHARED_DIR'] ?? path.resolve(REPO_ROOT, '../shared');

if (!existsSync(path.join(SHARED_DIR, 'fixtures', 'INDEX.md'))) {
  throw new Error(
    `Recorded fixtures not found at ${SHARED_DIR}/fixtures. Check out ../shared next to the repository or set SWITCHYARD_SHARED_DIR.`,
  );
}

export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures');
export const SPECS_DIR = path.join(SHARED_DIR, 'specs');
