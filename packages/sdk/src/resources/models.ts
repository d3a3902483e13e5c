import type { APIPromise } from '../core/api-promise.js';
import { path } from '../core/http-client.js';
import type { RequestOptions } from '../core/options.js';
import type {
  ListEndpointsResponse,
  ModelsCountParams,
  ModelsCountResponse,
  ModelsListForUserParams,
  ModelsListParams,
  ModelsListResponse,
  ModelResponse,
  ProvidersResponse,
  ZdrEndpointsResponse,
} from '../types/models.js';
import { APIResource } from './resource.js';

/** `/models`, `/models/count`, `/models/user`. */
export class Models extends APIResource {
  /** Every model the gateway serves (and its routers, e.g. `openrouter/auto`). */
  list(params: ModelsListParams = {}, options?: RequestOptions): APIPromise<ModelsListResponse> {
    return this.client.request({ method: 'GET', path: '/models', query: { ...params } }, options);
  }

  /** One model (or router, e.g. `openrouter/auto`) by id. */
  get(params: { author: string; slug: string }, options?: RequestOptions): APIPromise<ModelResponse> {
    return this.client.request({ method: 'GET', path: path`/model/${params.author}/${params.slug}` }, options);
  }

  /** How many models (optionally of some output modalities) the gateway serves. */
  count(params: ModelsCountParams = {}, options?: RequestOptions): APIPromise<ModelsCountResponse> {
    return this.client.request({ method: 'GET', path: '/models/count', query: { ...params } }, options);
  }

  /** The models the calling key may use, after its provider preferences and guardrails. */
  listForUser(params: ModelsListForUserParams = {}, options?: RequestOptions): APIPromise<ModelsListResponse> {
    return this.client.request({ method: 'GET', path: '/models/user', query: { ...params } }, options);
  }
}

/** `/models/{author}/{slug}/endpoints`, `/endpoints/zdr`. */
export class Endpoints extends APIResource {
  /** The provider endpoints of one model, with prices and live health. */
  list(params: { author: string; slug: string }, options?: RequestOptions): APIPromise<ListEndpointsResponse> {
    return this.client.request({ method: 'GET', path: path`/models/${params.author}/${params.slug}/endpoints` }, options);
  }

  /** Every endpoint with zero data retention. */
  listZdrEndpoints(options?: RequestOptions): APIPromise<ZdrEndpointsResponse> {
    return this.client.request({ method: 'GET', path: '/endpoints/zdr' }, options);
  }
}

/** `/providers`. */
export class Providers extends APIResource {
  list(options?: RequestOptions): APIPromise<ProvidersResponse> {
    return this.client.request({ method: 'GET', path: '/providers' }, options);
  }
}
