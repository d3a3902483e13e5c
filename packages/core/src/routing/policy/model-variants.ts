import type { Catalog, ModelEntry } from '../../catalog/catalog.js';
import { resolveModelId } from '../resolve-models.js';
import { invalidField } from './parse-preferences.js';
import type { SortKey } from './preferences.js';

/** One model the request may be served by, with what its variant suffixes ask for. */
export interface ModelChoice {
  readonly model: ModelEntry;
  /** The id as the request wrote it, variants included. */
  readonly requested: string;
  /** `:free`: only endpoints that cost nothing. */
  readonly freeOnly: boolean;
  /** `:nitro` (throughput), `:floor` (price), `:exacto` (quality): this model's endpoints are sorted so. */
  readonly sort: SortKey | undefined;
  /** `:thinking`: reasoning on, and only endpoints that support it. */
  readonly thinking: boolean;
}

const SORTING: Readonly<Record<string, SortKey>> = { nitro: 'throughput', floor: 'price', exacto: 'exacto' };
const KNOWN = ['free', 'nitro', 'floor', 'exacto', 'thinking', 'online', 'extended'];

/**
 * `author/slug[:variant…]` → the catalog model and its variants. A catalog id that itself contains
 * the suffix wins (an operator may declare `x:free` or `x:extended` as models of their own), so the
 * longest known prefix is the model and the rest are variants. Unknown variants are a 400;
 * `:online` is a 400 until the web-search plugin exists; `:extended` is a 400 unless the catalog has
 * that model (an extended-context variant is a different deployment, not a routing preference).
 */
export function resolveModelChoice(requested: string, catalog: Catalog, field: string): ModelChoice {
  const { base, variants } = splitVariants(requested, catalog);
  const model = resolveModelId(base, catalog);
  let sort: SortKey | undefined;
  for (const variant of variants) {
    if (!KNOWN.includes(variant)) {
      throw invalidField(field, `unknown model variant ":${variant}" in "${requested}" (known: ${KNOWN.map((v) => `:${v}`).join(', ')})`);
    }
    if (variant === 'online') {
      throw invalidField(field, `":online" (web search) is not available on this gateway yet; remove it from "${requested}"`);
    }
    if (variant === 'extended') {
      throw invalidField(field, `${base} has no ":extended" (extended-context) variant in this gateway's catalog`);
    }
    const key = SORTING[variant];
    if (key !== undefined && sort !== undefined && sort !== key) {
      throw invalidField(field, `"${requested}" asks for two sort orders; keep one of :nitro, :floor, :exacto`);
    }
    sort = key ?? sort;
  }
  return { model, requested, freeOnly: variants.includes('free'), sort, thinking: variants.includes('thinking') };
}

function isKnown(id: string, catalog: Catalog): boolean {
  return catalog.get(id) !== undefined || catalog.disabledProviders(id) !== undefined;
}

/** The longest prefix (cut at a `:`) that the catalog knows, and the suffixes after it. */
function splitVariants(requested: string, catalog: Catalog): { base: string; variants: string[] } {
  if (isKnown(requested, catalog)) return { base: requested, variants: [] };
  for (let at = requested.lastIndexOf(':'); at > 0; at = requested.lastIndexOf(':', at - 1)) {
    const base = requested.slice(0, at);
    if (isKnown(base, catalog)) return { base, variants: requested.slice(at + 1).split(':') };
  }
  // Unknown model: when the suffixes all look like variants, suggest ids for the model part alone.
  const first = requested.indexOf(':');
  if (first > 0 && requested.slice(first + 1).split(':').every((v) => KNOWN.includes(v))) {
    return { base: requested.slice(0, first), variants: [] };
  }
  return { base: requested, variants: [] };
}
