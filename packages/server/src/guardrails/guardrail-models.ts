import type { Catalog, GuardrailPatch } from '@switchyard/core';
import { invalid } from './guardrail-request.js';

const FREE = ':free';

/**
 * One model list entry → the model's canonical slug (OpenRouter stores guardrail model lists as
 * canonical slugs and accepts ids or slugs). `x:free` keeps its suffix: it admits only the free
 * variant. A known model whose providers are all disabled keeps the id it was given; an id the
 * catalog does not know at all is a 400 (a typo would otherwise block or allow nothing).
 */
function canonical(entry: string, catalog: Catalog, field: string): string {
  const exact = catalog.get(entry) ?? catalog.models.find((model) => model.canonicalSlug === entry);
  if (exact !== undefined) return exact.canonicalSlug;
  if (entry.endsWith(FREE)) return `${canonical(entry.slice(0, -FREE.length), catalog, field)}${FREE}`;
  if (catalog.disabledProviders(entry) !== undefined) return entry;
  throw invalid(field, `"${entry}" is not a model of this gateway's catalog`);
}

function canonicalList(list: readonly string[] | null | undefined, catalog: Catalog, field: string): readonly string[] | null | undefined {
  if (list === null || list === undefined) return list;
  return [...new Set(list.map((entry, index) => canonical(entry, catalog, `${field}[${String(index)}]`)))];
}

/** The patch with `allowed_models` and `ignored_models` as canonical slugs (400 naming an unknown entry). */
export function withCanonicalModels(patch: GuardrailPatch, catalog: Catalog): GuardrailPatch {
  const allowedModels = canonicalList(patch.allowedModels, catalog, 'allowed_models');
  const ignoredModels = canonicalList(patch.ignoredModels, catalog, 'ignored_models');
  return {
    ...patch,
    ...(allowedModels === undefined ? {} : { allowedModels }),
    ...(ignoredModels === undefined ? {} : { ignoredModels }),
  };
}
