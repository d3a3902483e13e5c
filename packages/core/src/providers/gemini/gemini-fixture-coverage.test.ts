import { COMPLETE_COVERAGE, fixtureCoverage, indexRows } from '@switchyard/test-support';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_FIXTURES,
  ERROR_FIXTURES,
  SKIPPED_FIXTURES,
  SSE_FIXTURES,
  UNARY_FIXTURES,
} from './__fixtures__/gemini-fixtures.js';

/** Every file the Gemini tests replay (each list is iterated by its replay test). */
const COVERED = [
  ...Object.keys(UNARY_FIXTURES),
  ...Object.keys(SSE_FIXTURES),
  ...Object.keys(CHUNK_FIXTURES),
  ...Object.keys(ERROR_FIXTURES),
];
const SKIPPED = Object.keys(SKIPPED_FIXTURES);

describe('Gemini fixture coverage', () => {
  it('covers or skips, with a reason, exactly the INDEX.md rows of google and google-vertex, never a file twice', () => {
    expect(fixtureCoverage(['google', 'google-vertex'], COVERED, SKIPPED)).toEqual(COMPLETE_COVERAGE);
    expect([...indexRows('google'), ...indexRows('google-vertex')]).toHaveLength(161);
  });

  it('skips only what is not generateContent', () => {
    expect(Object.values(SKIPPED_FIXTURES).every((reason) => /not (generateContent|chat)/.test(reason))).toBe(true);
    expect(SKIPPED).toHaveLength(29);
    expect(COVERED).toHaveLength(132);
  });
});
