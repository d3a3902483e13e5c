import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorDocs } from './render-error-docs.js';

describe('docs/errors.md', () => {
  it('is generated from the error table (run `npm run docs:errors` after changing it)', () => {
    const checkedIn = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderErrorDocs());
  });
});
