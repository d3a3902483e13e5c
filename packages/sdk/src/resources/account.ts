import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/options.js';
import type {
  ActivityParams,
  ActivityResponse,
  CreditsResponse,
  GenerationResponse,
  OrganizationMembersResponse,
  PageParams,
} from '../types/account.js';
import { APIResource } from './resource.js';

/** `GET /credits` (management key). */
export class Credits extends APIResource {
  getCredits(options?: RequestOptions): APIPromise<CreditsResponse> {
    return this.client.request({ method: 'GET', path: '/credits' }, options);
  }
}

/** `GET /generation`. */
export class Generations extends APIResource {
  /** One generation's record: cost, tokens, provider, latency and every attempt. */
  getGeneration(params: { id: string }, options?: RequestOptions): APIPromise<GenerationResponse> {
    return this.client.request({ method: 'GET', path: '/generation', query: { id: params.id } }, options);
  }
}

/** `GET /activity`. */
export class Analytics extends APIResource {
  /** Usage of the last 30 UTC days grouped by day, model and provider. */
  getUserActivity(params: ActivityParams = {}, options?: RequestOptions): APIPromise<ActivityResponse> {
    return this.client.request({ method: 'GET', path: '/activity', query: { ...params } }, options);
  }

  /** The same rows as CSV (`format=csv`), a header line first. */
  getUserActivityCsv(params: ActivityParams = {}, options?: RequestOptions): APIPromise<string> {
    return this.client.requestText({ method: 'GET', path: '/activity', query: { ...params, format: 'csv' } }, options, 'text/csv');
  }
}

/** `GET /organization/members` (management key). */
export class Organization extends APIResource {
  listMembers(params: PageParams = {}, options?: RequestOptions): APIPromise<OrganizationMembersResponse> {
    return this.client.request({ method: 'GET', path: '/organization/members', query: { ...params } }, options);
  }
}
