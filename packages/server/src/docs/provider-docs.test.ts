import { readFileSync } from 'node:fs';
import { FEATURES } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { bundledProviderRows, renderProviderDocs, undeclaredCapabilities } from './provider-docs.js';

const rows = bundledProviderRows();

describe('docs/providers.md', () => {
  it('covers every bundled provider', () => {
    const ids = new Set(rows.map((row) => row.id));
    expect(ids.size).toBeGreaterThanOrEqual(10);
    for (const id of ['openai', 'anthropic', 'google-ai-studio', 'mistral']) expect(ids).toContain(id);
  });

  it('every bundled provider’s adapter declares capabilities for every feature', () => {
    const missing = undeclaredCapabilities(rows);
    expect(missing, `these bundled providers' adapters declare no \`capabilities\`:\n${missing.join('\n')}`).toEqual([]);
    for (const row of rows) expect(Object.keys(row.adapter.capabilities ?? {}).sort(), row.id).toEqual([...FEATURES].sort());
  });

  it('is generated from the catalog and the adapters (run `npm run docs:providers` after changing them)', () => {
    const checkedIn = readFileSync(new URL('../../../../docs/providers.md', import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderProviderDocs(rows));
  });
});
