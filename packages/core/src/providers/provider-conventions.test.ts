import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '../index.js';

/**
 * The conventions of docs/adding-a-provider.md, checked by machine: every adapter folder exports
 * its adapter from index.ts, has tests, replays recorded fixtures and accounts for INDEX.md.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);

const ADAPTERS: Record<string, () => core.ProviderAdapter> = {
  anthropic: () => core.anthropicAdapter,
  bedrock: () => core.bedrockAdapter,
  cohere: () => core.cohereAdapter,
  gemini: () => core.geminiAdapter,
  'openai-compatible': () => {
    const generic = core.OPENAI_COMPATIBLE_FLAVORS['generic'];
    if (generic === undefined) throw new Error('no generic flavor');
    return core.createOpenAiCompatibleAdapter(generic);
  },
  'openai-responses': () => core.openAiResponsesAdapter,
  azure: () => core.azureAdapter,
  // One folder, two kinds (vertex-gemini, vertex-anthropic); vertex-anthropic is checked in its own tests.
  vertex: () => core.vertexGeminiAdapter,
};

describe('provider adapter conventions', () => {
  it('every adapter folder is registered here (and so reachable from @switchyard/core)', () => {
    expect(folders.sort()).toEqual(Object.keys(ADAPTERS).sort());
  });

  describe.each(folders)('%s', (folder) => {
    const files = readdirSync(path.join(here, folder));
    const tests = files.filter((file) => file.endsWith('.test.ts'));

    it('exports a ProviderAdapter of its kind from @switchyard/core', () => {
      const adapter = ADAPTERS[folder]?.();
      expect(adapter?.kind === folder || adapter?.kind.startsWith(`${folder}-`)).toBe(true);
      for (const method of ['buildRequest', 'parseResponse', 'createStreamDecoder', 'mapError'] as const) {
        expect(typeof adapter?.[method]).toBe('function');
      }
    });

    it('has an index.ts and tests', () => {
      expect(files).toContain('index.ts');
      expect(tests.length).toBeGreaterThan(0);
    });

    it('replays recorded fixtures and checks its INDEX.md rows', () => {
      const sources = tests.map((file) => readFileSync(path.join(here, folder, file), 'utf8')).join('\n');
      expect(sources).toMatch(/@switchyard\/test-support/);
      expect(sources).toMatch(/indexRows\(/);
    });

    it('keeps files under 400 lines', () => {
      for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        const lines = readFileSync(path.join(here, folder, file), 'utf8').split('\n').length;
        expect(lines, file).toBeLessThanOrEqual(400);
      }
    });
  });
});
