import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURES, type FeatureSupport, type ProviderAdapter, type ProviderCapabilities } from '@switchyard/core';
import { readBundledCatalog, BUNDLED_CATALOG_DIR } from '../config/bundled-catalog.js';
import type { ProviderConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { buildProviderRuntimes } from '../providers-registry.js';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** One row of the matrix: a bundled provider served through one of its upstream APIs. */
export interface ProviderDocRow {
  readonly id: string;
  readonly label: string;
  readonly config: ProviderConfig;
  readonly adapter: ProviderAdapter;
  readonly api: string | undefined;
}

const SYMBOL: Record<FeatureSupport, string> = { native: '✅', emulated: '🔁', unsupported: '—' };

const FEATURE_DOC: Record<(typeof FEATURES)[number], string> = {
  streaming: '`stream: true` (SSE answers)',
  tools: '`tools` (function calling)',
  tool_choice: '`tool_choice` (`auto`, `none`, `required`, a named function)',
  parallel_tool_calls: '`parallel_tool_calls`',
  json_object: '`response_format: {type: "json_object"}`',
  json_schema: '`response_format: {type: "json_schema"}` (structured outputs)',
  image_url: 'image parts given by http(s) URL',
  image_base64: 'image parts given as `data:` URLs',
  pdf: 'file parts (PDF documents)',
  audio_input: '`input_audio` parts',
  reasoning: '`reasoning` / `reasoning_effort` (thinking models)',
  reasoning_round_trip: 'reasoning of earlier assistant turns sent back to the provider',
  prompt_caching: '`cache_control` breakpoints forwarded',
  citations: 'URL citations returned as `annotations`',
  usage_in_stream: 'token usage in the final streamed chunk',
};

const readYaml = <T>(file: string, schema: z.ZodType<T>): T => schema.parse(parseYaml(readFileSync(file, 'utf8')) ?? {});

/** Every environment variable a bundled provider reads, set to a placeholder: enables them all. */
function enablingEnv(providers: readonly ProviderConfig[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const provider of providers) {
    for (const name of [...(provider.api_key_env ?? []), ...(provider.enable_env ?? [])]) env[name] = 'placeholder';
    for (const names of Object.values(provider.options_env ?? {})) for (const name of names) env[name] = 'placeholder';
  }
  return env;
}

/** Non-default upstream APIs (e.g. `responses`) that a bundled model endpoint uses, per provider. */
function usedApis(models: readonly { endpoints: readonly { provider: string; api?: string | undefined }[] }[]): Map<string, Set<string>> {
  const apis = new Map<string, Set<string>>();
  for (const model of models) {
    for (const endpoint of model.endpoints) {
      if (endpoint.api === undefined || endpoint.api === 'chat') continue;
      const set = apis.get(endpoint.provider) ?? new Set<string>();
      set.add(endpoint.api);
      apis.set(endpoint.provider, set);
    }
  }
  return apis;
}

/**
 * The bundled providers with the adapter the server would use for each (the real config loader and
 * registry, every provider enabled by placeholder env values), one row per upstream API in use.
 */
export function bundledProviderRows(catalogDir: string = BUNDLED_CATALOG_DIR): ProviderDocRow[] {
  const bundled = readBundledCatalog(catalogDir, readYaml);
  const cwd = mkdtempSync(path.join(tmpdir(), 'switchyard-docs-'));
  try {
    const config = loadConfig({ env: enablingEnv(bundled.providers), cwd, bundledCatalogPath: catalogDir });
    const runtimes = buildProviderRuntimes(config);
    const apis = usedApis(config.models);
    return bundled.providers.flatMap((provider) => {
      const runtime = runtimes.get(provider.id);
      if (runtime === undefined) throw new Error(`bundled provider ${provider.id} could not be enabled`);
      const name = provider.name ?? provider.id;
      const rows: ProviderDocRow[] = [{ id: provider.id, label: name, config: provider, adapter: runtime.adapter, api: undefined }];
      for (const api of [...(apis.get(provider.id) ?? [])].sort()) {
        const adapter = runtime.apis?.[api];
        if (adapter === undefined) throw new Error(`bundled provider ${provider.id} has no adapter for api ${api}`);
        rows.push({ id: provider.id, label: `${name} (${api} API)`, config: provider, adapter, api });
      }
      return rows;
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Rows whose adapter declares no `capabilities` (the docs test fails naming them). */
export function undeclaredCapabilities(rows: readonly ProviderDocRow[]): string[] {
  return rows.filter((row) => row.adapter.capabilities === undefined).map((row) => `${row.id}${row.api === undefined ? '' : ` (${row.api} API)`}: adapter kind ${row.adapter.kind}`);
}

function cell(capabilities: ProviderCapabilities | undefined, feature: (typeof FEATURES)[number]): string {
  if (capabilities === undefined) return '?';
  return SYMBOL[capabilities[feature]];
}

function matrix(rows: readonly ProviderDocRow[]): string[] {
  const header = `| provider | ${FEATURES.map((f) => `\`${f}\``).join(' | ')} |`;
  const rule = `|---|${FEATURES.map(() => ':-:').join('|')}|`;
  const body = rows.map((row) => `| ${row.label} (\`${row.id}\`) | ${FEATURES.map((f) => cell(row.adapter.capabilities, f)).join(' | ')} |`);
  return [header, rule, ...body];
}

const code = (values: readonly string[]): string => (values.length === 0 ? '—' : values.map((v) => `\`${v}\``).join(', '));

function enabledBy(config: ProviderConfig): string {
  const parts: string[] = [];
  if ((config.api_key_env ?? []).length > 0) parts.push(`API key: ${code(config.api_key_env ?? [])}`);
  if ((config.enable_env ?? []).length > 0) parts.push(`${parts.length > 0 ? 'or ' : ''}credentials: ${code(config.enable_env ?? [])}`);
  return parts.length === 0 ? 'declared in `switchyard.yaml`' : parts.join('; ');
}

function optionsOf(config: ProviderConfig): string {
  const entries = Object.entries(config.options_env ?? {});
  return entries.length === 0 ? '—' : entries.map(([name, vars]) => `\`${name}\` ← ${code(vars)}`).join('; ');
}

function details(rows: readonly ProviderDocRow[]): string[] {
  const lines = ['| provider | id | adapter | enabled by | options from env | base URL |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    if (row.api !== undefined) continue;
    const { config } = row;
    const kind = config.adapter === 'openai-compatible' ? `\`openai-compatible\` (flavor \`${config.flavor ?? config.id}\`)` : `\`${config.adapter ?? '?'}\``;
    lines.push(`| ${row.label} | \`${row.id}\` | ${kind} | ${enabledBy(config)} | ${optionsOf(config)} | \`${config.base_url ?? '?'}\` |`);
  }
  return lines;
}

/** docs/providers.md, generated from the bundled catalog and each adapter's `capabilities`. */
export function renderProviderDocs(rows: readonly ProviderDocRow[] = bundledProviderRows()): string {
  const legend = `Legend: ${SYMBOL.native} native (sent to the provider in its own form) · ${SYMBOL.emulated} emulated (the gateway achieves it another way) · ${SYMBOL.unsupported} unsupported (dropped or rejected)`;
  return [
    '# Providers',
    '',
    '<!-- Generated by `npm run docs:providers` from packages/server/catalog/*.yaml and each adapter\'s',
    '     `capabilities` (packages/core/src/providers/capabilities.ts). Do not edit by hand. -->',
    '',
    'The bundled providers and what the gateway does with each client feature for them. A provider is',
    'enabled when one of its variables is set (or when `switchyard.yaml` declares it); see the',
    'README for configuration.',
    '',
    '## Feature matrix',
    '',
    legend,
    ...(undeclaredCapabilities(rows).length > 0 ? ['', '`?`: the adapter has not declared its capabilities yet.'] : []),
    '',
    ...matrix(rows),
    '',
    '## Features',
    '',
    '| feature | what the client sends or gets |',
    '|---|---|',
    ...FEATURES.map((f) => `| \`${f}\` | ${FEATURE_DOC[f]} |`),
    '',
    '## Providers',
    '',
    '`{name}` in a base URL is filled from the provider option of that name.',
    '',
    ...details(rows),
    '',
  ].join('\n');
}
