import type { APIPromise } from '../core/api-promise.js';
import { path } from '../core/http-client.js';
import type { RequestOptions } from '../core/options.js';
import type { DeletedResponse } from '../types/keys.js';
import type { ByokCreateParams, ByokKeyResponse, ByokListParams, ByokListResponse, ByokUpdateParams } from '../types/byok.js';
import { APIResource, withoutKeys } from './resource.js';

/** `/byok`: the account's own provider keys, tried before shared capacity (management key). */
export class Byok extends APIResource {
  list(params: ByokListParams = {}, options?: RequestOptions): APIPromise<ByokListResponse> {
    return this.client.request({ method: 'GET', path: '/byok', query: { ...params } }, options);
  }

  /** Stores a provider key (a second one for the same provider replaces the first). */
  create(params: ByokCreateParams, options?: RequestOptions): APIPromise<ByokKeyResponse> {
    return this.client.request({ method: 'POST', path: '/byok', body: params }, options);
  }

  get(params: { id: string }, options?: RequestOptions): APIPromise<ByokKeyResponse> {
    return this.client.request({ method: 'GET', path: path`/byok/${params.id}` }, options);
  }

  update(params: ByokUpdateParams, options?: RequestOptions): APIPromise<ByokKeyResponse> {
    return this.client.request({ method: 'PATCH', path: path`/byok/${params.id}`, body: withoutKeys(params, 'id') }, options);
  }

  delete(params: { id: string }, options?: RequestOptions): APIPromise<DeletedResponse> {
    return this.client.request({ method: 'DELETE', path: path`/byok/${params.id}` }, options);
  }
}
