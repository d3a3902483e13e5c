import { AUTO_ROUTER, FREE_ROUTER, isFree, type Catalog, type ModelEntry } from '@switchyard/core';
import type { RoutingConfig } from '../config/routing-config.js';

/**
 * `openrouter/auto` and `openrouter/free` as `GET /models` items, so clients that pick from the list
 * (or check an id against it) see them. Like OpenRouter, the auto router's prices are "-1" (they
 * depend on the model it picks); the free router's are "0". Limits and modalities are the widest of
 * the models each router can pick today; a router with nothing to pick is not listed.
 */
export function presentRouters(catalog: Catalog, routing: RoutingConfig) {
  const routers = [];
  const auto = autoModels(catalog, routing);
  if (auto.length > 0) {
    routers.push(presentRouter(AUTO_ROUTER, 'Auto Router', AUTO_DESCRIPTION, auto, '-1'));
  }
  const free = catalog.models.filter((model) => model.endpoints.some(isFree));
  if (free.length > 0) {
    routers.push(presentRouter(FREE_ROUTER, 'Free Models Router', FREE_DESCRIPTION, free, '0'));
  }
  return routers;
}

const AUTO_DESCRIPTION =
  'Picks a model for each request from the configured candidates: the cheapest one whose rules hold and that can serve ' +
  'the prompt (context, images, tools, structured outputs). The response names the model it picked.';
const FREE_DESCRIPTION =
  'Picks, at random, a free model that supports what the request needs (images, tools, structured outputs).';

function autoModels(catalog: Catalog, routing: RoutingConfig): ModelEntry[] {
  if (routing.autoCandidates === undefined) return [...catalog.models];
  return routing.autoCandidates.flatMap((candidate) => catalog.get(candidate.model) ?? []);
}

function presentRouter(id: string, name: string, description: string, models: readonly ModelEntry[], price: string) {
  const union = (pick: (model: ModelEntry) => Iterable<string>) => [...new Set(models.flatMap((model) => [...pick(model)]))].sort();
  const contextLength = Math.max(...models.map((model) => model.contextLength));
  const inputModalities = union((model) => model.inputModalities);
  const outputModalities = union((model) => model.outputModalities);
  return {
    id,
    canonical_slug: id,
    hugging_face_id: null,
    name: `Switchyard: ${name}`,
    created: Math.min(...models.map((model) => model.created)),
    description,
    context_length: contextLength,
    architecture: {
      modality: `${inputModalities.join('+')}->${outputModalities.join('+')}`,
      input_modalities: inputModalities,
      output_modalities: outputModalities,
      tokenizer: 'Router',
      instruct_type: null,
    },
    pricing: { prompt: price, completion: price, request: price, image: price },
    top_provider: { context_length: contextLength, max_completion_tokens: null, is_moderated: false },
    per_request_limits: null,
    supported_parameters: union((model) => model.endpoints.flatMap((endpoint) => [...endpoint.supportedParameters])),
    default_parameters: null,
    supported_voices: null,
    expiration_date: null,
    knowledge_cutoff: null,
    links: { details: `/api/v1/models/${id}/endpoints` },
  };
}
