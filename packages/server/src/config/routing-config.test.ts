import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCatalog, type ApiKeyRecord, type ModelEntry } from '@switchyard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { checkAutoCandidates, NO_ROUTING_CONFIG, routingDefaultsFor } from './routing-config.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function load(yaml: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-routing-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'switchyard.yaml'), yaml);
  return loadConfig({ env: {}, cwd: dir });
}

const key = (id: string, name: string, accountId = 'acct_default') => ({ id, name, accountId }) as ApiKeyRecord;

const YAML = `
routing:
  provider: { sort: price, ignore: [deepseek] }
  accounts:
    - { id: acct_default, provider: { data_collection: deny } }
    - { id: acct_other, provider: { zdr: true } }
  keys:
    - { key: "CI key", provider: { only: [groq, together] } }
    - { key: key_123, provider: { sort: latency } }
  auto_router:
    candidates:
      - { model: openai/gpt-4o-mini, max_prompt_tokens: 8000, tools: true }
      - { model: anthropic/claude-sonnet-4.5 }
`;

describe('routing config', () => {
  it('parses defaults, accounts, keys and auto-router candidates', () => {
    const { routing } = load(YAML);
    expect(routing.defaults).toEqual({ sort: { by: 'price', partition: 'model' }, ignore: ['deepseek'] });
    expect(routing.accounts.get('acct_other')).toEqual({ zdr: true });
    expect(routing.autoCandidates).toEqual([
      { model: 'openai/gpt-4o-mini', maxPromptTokens: 8000, tools: true },
      { model: 'anthropic/claude-sonnet-4.5' },
    ]);
  });

  it.each([
    ['by key name', key('key_9', 'CI key'), [{ sort: { by: 'price', partition: 'model' }, ignore: ['deepseek'] }, { dataCollection: 'deny' }, { only: ['groq', 'together'] }]],
    ['by key id, another account', key('key_123', 'x', 'acct_other'), [{ sort: { by: 'price', partition: 'model' }, ignore: ['deepseek'] }, { zdr: true }, { sort: { by: 'latency', partition: 'model' } }]],
    ['no key entry', key('key_1', 'other'), [{ sort: { by: 'price', partition: 'model' }, ignore: ['deepseek'] }, { dataCollection: 'deny' }]],
  ])('layers for a key %s: gateway, account, key', (_name, record, layers) => {
    expect(routingDefaultsFor(load(YAML).routing, record).layers).toEqual(layers);
  });

  it('no routing section: no layers, every model an auto candidate', () => {
    expect(routingDefaultsFor(load('server: { port: 1 }\n').routing, key('k', 'n'))).toEqual({ layers: [], autoCandidates: undefined });
  });

  it.each([
    ['routing:\n  provider: { sort: fastest }\n', 'routing.provider.sort: expected one of price, throughput, latency, exacto'],
    ['routing:\n  keys: [{ key: k, provider: { only: groq } }]\n', 'routing.keys[0].provider.only: expected an array'],
    ['routing:\n  accounts: [{ id: a, provider: { zdr: "yes" } }]\n', 'routing.accounts[0].provider.zdr: expected a boolean'],
  ])('a bad preference names the config field: %s', (yaml, message) => {
    expect(() => load(yaml)).toThrow(message);
  });

  it('a bad auto-router candidate is a schema error', () => {
    expect(() => load('routing:\n  auto_router: { candidates: [{ model: x/y, max_prompt: 3 }] }\n')).toThrow(/routing\.auto_router\.candidates\[0\]/);
  });
});

describe('checkAutoCandidates', () => {
  const known = { id: 'openai/gpt-4o-mini' } as ModelEntry;
  const catalog = createCatalog([known], new Map([['anthropic/claude-sonnet-4.5', ['anthropic']]]));
  const config = (models: string[]) => ({ ...NO_ROUTING_CONFIG, autoCandidates: models.map((model) => ({ model })) });

  it('accepts served models and warns about models whose providers are all disabled', () => {
    const warnings = checkAutoCandidates(config(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5']), catalog, 'switchyard.yaml');
    expect(warnings).toEqual([
      'routing.auto_router.candidates[1].model: "anthropic/claude-sonnet-4.5" has no enabled provider (anthropic); openrouter/auto skips it',
    ]);
  });

  it('refuses an id the catalog does not know, naming the field', () => {
    expect(() => checkAutoCandidates(config(['openai/gpt-4o-mini', 'openai/gtp-5']), catalog, 'switchyard.yaml')).toThrow(
      'switchyard.yaml: routing.auto_router.candidates[1].model: "openai/gtp-5" is not a model of the catalog',
    );
  });
});
