import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { buildCatalog } from './build-catalog.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A config enabling OpenAI with one extra model whose `categories:` line is given. */
function load(categoriesLine: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-categories-'));
  dirs.push(dir);
  const yaml = [
    'providers:',
    '  - { id: openai, api_key: sk-x }',
    'models:',
    '  - id: acme/coder-1',
    '    context_length: 32000',
    ...(categoriesLine === '' ? [] : [`    ${categoriesLine}`]),
    '    endpoints:',
    '      - { provider: openai, upstream_model: gpt-4o-mini, pricing: { prompt: "0.0000001", completion: "0.0000004" } }',
  ].join('\n');
  writeFileSync(path.join(dir, 'switchyard.yaml'), `${yaml}\n`);
  return () => buildCatalog(loadConfig({ env: {}, cwd: dir }));
}

describe('catalog `categories:`', () => {
  it.each<[string, readonly string[]]>([
    ['', []],
    ['categories: []', []],
    ['categories: [programming]', ['programming']],
    ['categories: [programming, marketing/seo]', ['programming', 'marketing/seo']],
  ])('"%s" → %o on the model entry', (line, expected) => {
    expect(load(line)().get('acme/coder-1')?.categories).toEqual(expected);
  });

  it('an unknown category is a config error naming the field and the allowed values', () => {
    expect(load('categories: [cooking]')).toThrow(/models\[0\]\.categories\[0\]: Invalid option: expected one of "programming"/);
  });

  it('bundled models carry no category unless an operator tags them', () => {
    const catalog = load('')();
    expect(catalog.get('openai/gpt-4o-mini')?.categories).toEqual([]);
  });
});
