import type { ChatCompletionRequest } from '@switchyard/protocol';
import type { Catalog, ModelEntry } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import { suggestIds } from './suggest.js';

/** `[model, ...models]` without duplicates, in order. */
export function requestedModelIds(request: ChatCompletionRequest): string[] {
  const ids: string[] = [];
  for (const id of [request.model, ...(request.models ?? [])]) {
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Catalog entries for the requested ids. An unknown id is a 404 that suggests close ids; a known
 * model with no enabled provider is a 503 that names its providers.
 */
export function resolveModels(request: ChatCompletionRequest, catalog: Catalog): ModelEntry[] {
  return requestedModelIds(request).map((id) => resolveModelId(id, catalog));
}

/** One catalog entry by exact id (no variant suffixes; see policy/model-variants.ts). */
export function resolveModelId(id: string, catalog: Catalog): ModelEntry {
  const model = catalog.get(id);
  if (model !== undefined) return model;
  const disabled = catalog.disabledProviders(id);
  if (disabled !== undefined) {
    throw new GatewayError(
      'no_route',
      `No enabled provider can serve ${id}: configure one of its providers (${disabled.join(', ')}).`,
      { metadata: { requested_model: id, providers: disabled } },
    );
  }
  const suggestions = suggestIds(id, catalog.models.map((m) => m.id));
  const hint = suggestions.length === 0 ? '' : ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`;
  throw new GatewayError('model_not_found', `${id} is not a valid model ID.${hint}`, {
    metadata: { requested_model: id, suggestions },
  });
}
