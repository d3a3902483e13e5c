import type { APIPromise } from '../core/api-promise.js';
import { path } from '../core/http-client.js';
import type { RequestOptions } from '../core/options.js';
import type {
  ApiKeyCreateParams,
  ApiKeyCreateResponse,
  ApiKeyListParams,
  ApiKeyListResponse,
  ApiKeyResponse,
  ApiKeyUpdateParams,
  CurrentKeyResponse,
  DeletedResponse,
} from '../types/keys.js';
import { APIResource, withoutKeys } from './resource.js';

/** `/key` and `/keys` (the latter with a management key). */
export class ApiKeys extends APIResource {
  /** The calling key: its limit, spend, and rate limit. */
  getCurrentKeyMetadata(options?: RequestOptions): APIPromise<CurrentKeyResponse> {
    return this.client.request({ method: 'GET', path: '/key' }, options);
  }

  list(params: ApiKeyListParams = {}, options?: RequestOptions): APIPromise<ApiKeyListResponse> {
    return this.client.request({ method: 'GET', path: '/keys', query: { ...params } }, options);
  }

  /** A new inference key; its secret is in `key`, shown this once. */
  create(params: ApiKeyCreateParams, options?: RequestOptions): APIPromise<ApiKeyCreateResponse> {
    return this.client.request({ method: 'POST', path: '/keys', body: params }, options);
  }

  get(params: { hash: string }, options?: RequestOptions): APIPromise<ApiKeyResponse> {
    return this.client.request({ method: 'GET', path: path`/keys/${params.hash}` }, options);
  }

  update(params: ApiKeyUpdateParams, options?: RequestOptions): APIPromise<ApiKeyResponse> {
    return this.client.request({ method: 'PATCH', path: path`/keys/${params.hash}`, body: withoutKeys(params, 'hash') }, options);
  }

  delete(params: { hash: string }, options?: RequestOptions): APIPromise<DeletedResponse> {
    return this.client.request({ method: 'DELETE', path: path`/keys/${params.hash}` }, options);
  }
}
