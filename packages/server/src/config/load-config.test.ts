import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/build-catalog.js';
import { loadConfig } from './load-config.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function withConfig(yaml: string | undefined, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-config-'));
  dirs.push(dir);
  if (yaml !== undefined) writeFileSync(path.join(dir, 'switchyard.yaml'), yaml);
  return () => loadConfig({ env, cwd: dir });
}

describe('loadConfig', () => {
  it('runs with no file and no keys: defaults, nothing enabled, the bundled catalog known', () => {
    const config = withConfig(undefined)();
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, keepaliveMs: 1000 });
    expect(config.server.sqlitePath).toMatch(/\.switchyard\/switchyard\.db$/);
    expect(config.providers.size).toBe(0);
    expect(config.models.length).toBeGreaterThan(20);
    expect(buildCatalog(config).models).toEqual([]);
    // Other bundled providers (Bedrock, Vertex, …) serve Claude too: assert the first-party one, not the whole list.
    expect(buildCatalog(config).disabledProviders('anthropic/claude-sonnet-4.5')).toContain('anthropic');
  });

  it('reads the health and deadline settings, with defaults for what is left out', () => {
    const config = withConfig('retry: { request_deadline_ms: 20000 }\nhealth: { breaker_failure_threshold: 3, breaker_cooldown_ms: 1000 }\n')();
    expect(config.retry).toMatchObject({ requestDeadlineMs: 20_000, maxRetriesPerEndpoint: 1 });
    expect(config.health).toMatchObject({ breakerFailureThreshold: 3, breakerCooldownMs: 1000, recentWindowMs: 30_000, recentMinFailures: 3 });
    expect(withConfig(undefined)().health.breakerFailureThreshold).toBe(5);
  });

  it("keeps a bundled provider's public facts (GET /providers) when the config file overrides it", () => {
    const config = withConfig('providers:\n  - id: openai\n    api_key: sk-x\n')();
    expect(config.providers.get('openai')?.info).toMatchObject({ headquarters: 'US', status_page_url: 'https://status.openai.com' });
  });

  it('enables a built-in provider from its usual environment variable', () => {
    const config = withConfig(undefined, { ANTHROPIC_API_KEY: 'sk-ant-x', GEMINI_API_KEY: 'g' })();
    expect([...config.providers.keys()].sort()).toEqual(['anthropic', 'google-ai-studio']);
    expect(config.providers.get('anthropic')?.settings).toMatchObject({ apiKey: 'sk-ant-x', baseUrl: 'https://api.anthropic.com/v1', name: 'Anthropic' });
    const catalog = buildCatalog(config);
    expect(catalog.get('anthropic/claude-sonnet-4.5')?.endpoints.map((e) => e.providerId)).toEqual(['anthropic']);
    expect(catalog.get('openai/gpt-4o')).toBeUndefined();
  });

  it('declares a local OpenAI-compatible server with its own model', () => {
    const yaml = `
providers:
  - id: ollama
    name: Ollama
    adapter: openai-compatible
    base_url: http://127.0.0.1:11434/v1/
    headers: { X-Team: "\${TEAM}" }
models:
  - id: local/llama3.1
    context_length: 131072
    endpoints:
      - provider: ollama
        upstream_model: llama3.1:8b
        pricing: { prompt: "0", completion: "0" }
        supported_parameters: [temperature, max_tokens]
        quantization: q4_k_m
`;
    const config = withConfig(yaml, { TEAM: 'blue', OPENAI_API_KEY: 'sk' })();
    expect(config.providers.get('ollama')?.settings).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1', apiKey: undefined, headers: { 'x-team': 'blue' } });
    expect(config.providers.get('ollama')?.flavor).toBe('ollama');
    const endpoint = buildCatalog(config).get('local/llama3.1')?.endpoints[0];
    expect(endpoint).toMatchObject({ providerId: 'ollama', upstreamModel: 'llama3.1:8b', contextLength: 131072, quantization: 'q4_k_m' });
    expect([...(endpoint?.supportedParameters ?? [])]).toEqual(['temperature', 'max_tokens']);
  });

  it('overrides a built-in provider and disables another', () => {
    const yaml = `
providers:
  - { id: openai, base_url: "http://proxy.internal/v1", api_key: "\${OPENAI_KEY_2}" }
  - { id: groq, enabled: false }
`;
    const config = withConfig(yaml, { OPENAI_KEY_2: 'k2', GROQ_API_KEY: 'g' })();
    expect(config.providers.get('openai')?.settings).toMatchObject({ baseUrl: 'http://proxy.internal/v1', apiKey: 'k2', name: 'OpenAI' });
    expect(config.providers.has('groq')).toBe(false);
  });

  it('fills provider options from literals, "${ENV}" and options_env, and {option} placeholders in base_url', () => {
    const yaml = `
providers:
  - id: regional
    adapter: openai-compatible
    base_url: https://api.{region}.example.com/{project}/v1
    options: { project: "\${PROJECT}", mode: fast }
    options_env: { region: [PRIMARY_REGION, FALLBACK_REGION], project: [IGNORED] }
`;
    const config = withConfig(yaml, { PROJECT: 'my proj', FALLBACK_REGION: 'eu-west-1', IGNORED: 'x' })();
    expect(config.providers.get('regional')?.settings).toMatchObject({
      baseUrl: 'https://api.eu-west-1.example.com/my%20proj/v1',
      options: { project: 'my proj', mode: 'fast', region: 'eu-west-1' },
    });
    expect(withConfig(yaml, { PROJECT: 'p' })).toThrow(/providers\[0\]\.base_url: needs option "region"/);
  });

  it('enables a provider from enable_env without an API key', () => {
    const yaml = `
providers:
  - { id: signed, adapter: openai-compatible, base_url: "http://x", enable_env: [SIGNING_SECRET], enabled: true }
`;
    expect(withConfig(yaml, { SIGNING_SECRET: 's' })().providers.get('signed')?.settings.apiKey).toBeUndefined();
  });

  it.each([
    ['a bad URL', 'providers:\n  - { id: x, adapter: openai-compatible, base_url: "not a url" }', /providers\[0\]\.base_url/],
    ['an unknown adapter', 'providers:\n  - { id: x, adapter: soap, base_url: "http://x" }', /providers\[0\]\.adapter/],
    ['a custom provider without base_url', 'providers:\n  - { id: x }', /providers\[0\] \(x\) is not a built-in provider/],
    ['an unknown field', 'server: { prot: 80 }', /server: Unrecognized key/],
    ['a negative price', 'models:\n  - { id: a/b, context_length: 10, endpoints: [ { provider: openai, upstream_model: m, pricing: { prompt: "-1", completion: "0" } } ] }', /models\[0\]\.endpoints\[0\]\.pricing\.prompt/],
    ['an unset variable', 'providers:\n  - { id: openai, api_key: "${NOPE_KEY}" }', /providers\[0\]\.api_key: environment variable NOPE_KEY is not set/],
    ['invalid YAML', 'providers: [', /cannot read YAML/],
  ])('rejects %s with a message naming the field', (_name, yaml, message) => {
    expect(withConfig(yaml)).toThrow(message);
  });

  it('rejects an endpoint naming an unknown provider', () => {
    const yaml = 'models:\n  - { id: a/b, context_length: 10, endpoints: [ { provider: nope, upstream_model: m, pricing: { prompt: "0", completion: "0" } } ] }';
    expect(() => buildCatalog(withConfig(yaml)())).toThrow(/models\[\d+\] \(a\/b\)\.endpoints\[0\]\.provider: unknown provider "nope"/);
  });

  it('takes host, port and data dir from the environment', () => {
    const config = withConfig(undefined, { SWITCHYARD_PORT: '9999', SWITCHYARD_HOST: '0.0.0.0', SWITCHYARD_DATA_DIR: '/tmp/sy' })();
    expect(config.server).toMatchObject({ port: 9999, host: '0.0.0.0', sqlitePath: '/tmp/sy/switchyard.db' });
    expect(withConfig(undefined, { SWITCHYARD_PORT: 'eighty' })).toThrow(/SWITCHYARD_PORT/);
  });

  it('stores records write-behind unless storage.durable_records is true', () => {
    expect(withConfig(undefined)().server.durableRecords).toBe(false);
    expect(withConfig('storage: { durable_records: true }')().server.durableRecords).toBe(true);
    expect(withConfig('storage: { durable_records: "yes" }')).toThrow(/storage\.durable_records/);
  });
});

describe('the bundled catalog folder', () => {
  function catalogDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-config-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }
  const builtin = `
providers:
  - { id: acme, adapter: openai-compatible, base_url: "http://acme", api_key_env: [ACME_KEY] }
models:
  - { id: acme/one, context_length: 1000, endpoints: [ { provider: acme, upstream_model: one, pricing: { prompt: "0", completion: "0" } } ] }
`;

  it('merges every file: providers, models, and endpoints added to models of another file', () => {
    const dir = catalogDir({
      'builtin.yaml': builtin,
      'zeta.yaml': `
providers:
  - { id: zeta, adapter: openai-compatible, base_url: "http://zeta", api_key_env: [ZETA_KEY] }
endpoints:
  - { model: acme/one, provider: zeta, upstream_model: z1, pricing: { prompt: "0.000001", completion: "0.000002" } }
`,
    });
    const config = loadConfig({ env: { ACME_KEY: 'a', ZETA_KEY: 'z' }, cwd: dir, bundledCatalogPath: dir });
    const endpoints = buildCatalog(config).get('acme/one')?.endpoints.map((e) => `${e.providerId}:${e.upstreamModel}`);
    expect(endpoints?.sort()).toEqual(['acme:one', 'zeta:z1']);
  });

  it.each([
    ['a provider defined twice', { 'b.yaml': 'providers:\n  - { id: acme, adapter: openai-compatible, base_url: "http://x" }' }, /b\.yaml: provider acme is defined twice/],
    ['endpoints for an unknown model', { 'b.yaml': 'endpoints:\n  - { model: acme/two, provider: acme, upstream_model: x, pricing: { prompt: "0", completion: "0" } }' }, /b\.yaml: endpoints: model acme\/two is not defined/],
  ])('rejects %s', (_name, files, message) => {
    const dir = catalogDir({ 'builtin.yaml': builtin, ...files });
    expect(() => loadConfig({ env: {}, cwd: dir, bundledCatalogPath: dir })).toThrow(message);
  });
});
