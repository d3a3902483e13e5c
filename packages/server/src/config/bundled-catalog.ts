import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { catalogFileSchema, type ModelConfig, type ProviderConfig } from './config-schema.js';

/** The bundled catalog: `builtin.yaml` plus one file per provider family, all in this folder. */
export const BUNDLED_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

export interface BundledCatalog {
  readonly providers: readonly ProviderConfig[];
  readonly models: readonly ModelConfig[];
}

type ReadYaml = <T>(file: string, schema: z.ZodType<T>) => T;

/**
 * Reads a catalog file, or every `*.yaml` in a folder (`builtin.yaml` first, then by name), and
 * merges them: providers and models are concatenated (an id defined twice is an error), and each
 * file's `endpoints:` entries are added to the model they name, so a provider's file can offer
 * models that another file defines (e.g. Claude on Bedrock).
 */
export function readBundledCatalog(location: string, readYaml: ReadYaml): BundledCatalog {
  const files = statSync(location).isDirectory() ? catalogFiles(location) : [location];
  const providers: ProviderConfig[] = [];
  const models: ModelConfig[] = [];
  const extra: { file: string; model: string; endpoint: ModelConfig['endpoints'][number] }[] = [];
  for (const file of files) {
    const content = readYaml(file, catalogFileSchema);
    for (const provider of content.providers ?? []) {
      if (providers.some((p) => p.id === provider.id)) throw new ConfigError(`${file}: provider ${provider.id} is defined twice in the bundled catalog`);
      providers.push(provider);
    }
    for (const model of content.models ?? []) {
      if (models.some((m) => m.id === model.id)) throw new ConfigError(`${file}: model ${model.id} is defined twice in the bundled catalog`);
      models.push(model);
    }
    for (const { model, ...endpoint } of content.endpoints ?? []) extra.push({ file, model, endpoint });
  }
  checkTargets(extra, models);
  return { providers, models: models.map((model) => withExtraEndpoints(model, extra)) };
}

function catalogFiles(dir: string): string[] {
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
  const ordered = [...names.filter((n) => n === 'builtin.yaml'), ...names.filter((n) => n !== 'builtin.yaml')];
  return ordered.map((name) => path.join(dir, name));
}

function withExtraEndpoints(model: ModelConfig, extra: readonly { model: string; endpoint: ModelConfig['endpoints'][number] }[]): ModelConfig {
  const added = extra.filter((entry) => entry.model === model.id).map((entry) => entry.endpoint);
  return added.length === 0 ? model : { ...model, endpoints: [...model.endpoints, ...added] };
}

function checkTargets(extra: readonly { file: string; model: string }[], models: readonly ModelConfig[]): void {
  for (const entry of extra) {
    if (!models.some((m) => m.id === entry.model)) {
      throw new ConfigError(`${entry.file}: endpoints: model ${entry.model} is not defined in the bundled catalog`);
    }
  }
}
