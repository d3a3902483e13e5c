import type { APIPromise } from '../core/api-promise.js';
import { path } from '../core/http-client.js';
import type { RequestOptions } from '../core/options.js';
import type { PageParams } from '../types/account.js';
import type { DeletedResponse } from '../types/keys.js';
import type {
  AssignedResponse,
  AssignKeysParams,
  AssignMembersParams,
  GuardrailCreateParams,
  GuardrailListParams,
  GuardrailListResponse,
  GuardrailResponse,
  GuardrailUpdateParams,
  KeyAssignmentsResponse,
  MemberAssignmentsResponse,
  UnassignedResponse,
} from '../types/guardrails.js';
import { APIResource, withoutKeys } from './resource.js';

/** `/guardrails` and their assignments (management key). */
export class Guardrails extends APIResource {
  list(params: GuardrailListParams = {}, options?: RequestOptions): APIPromise<GuardrailListResponse> {
    return this.client.request({ method: 'GET', path: '/guardrails', query: { ...params } }, options);
  }

  /** A guardrail enforces nothing until it is assigned to keys or members. */
  create(params: GuardrailCreateParams, options?: RequestOptions): APIPromise<GuardrailResponse> {
    return this.client.request({ method: 'POST', path: '/guardrails', body: params }, options);
  }

  get(params: { id: string }, options?: RequestOptions): APIPromise<GuardrailResponse> {
    return this.client.request({ method: 'GET', path: path`/guardrails/${params.id}` }, options);
  }

  /** List fields replace the stored ones: send the whole set. */
  update(params: GuardrailUpdateParams, options?: RequestOptions): APIPromise<GuardrailResponse> {
    return this.client.request({ method: 'PATCH', path: path`/guardrails/${params.id}`, body: withoutKeys(params, 'id') }, options);
  }

  delete(params: { id: string }, options?: RequestOptions): APIPromise<DeletedResponse> {
    return this.client.request({ method: 'DELETE', path: path`/guardrails/${params.id}` }, options);
  }

  /** Every key assignment of the account's guardrails. */
  listKeyAssignments(params: PageParams = {}, options?: RequestOptions): APIPromise<KeyAssignmentsResponse> {
    return this.client.request({ method: 'GET', path: '/guardrails/assignments/keys', query: { ...params } }, options);
  }

  /** Every member assignment of the account's guardrails. */
  listMemberAssignments(params: PageParams = {}, options?: RequestOptions): APIPromise<MemberAssignmentsResponse> {
    return this.client.request({ method: 'GET', path: '/guardrails/assignments/members', query: { ...params } }, options);
  }

  listGuardrailKeyAssignments(params: { id: string } & PageParams, options?: RequestOptions): APIPromise<KeyAssignmentsResponse> {
    const query = withoutKeys(params, 'id');
    return this.client.request({ method: 'GET', path: path`/guardrails/${params.id}/assignments/keys`, query: { ...query } }, options);
  }

  listGuardrailMemberAssignments(params: { id: string } & PageParams, options?: RequestOptions): APIPromise<MemberAssignmentsResponse> {
    const query = withoutKeys(params, 'id');
    return this.client.request({ method: 'GET', path: path`/guardrails/${params.id}/assignments/members`, query: { ...query } }, options);
  }

  /** Assigns keys (by hash); a key holds at most one guardrail, so this replaces theirs. */
  bulkAssignKeys(params: AssignKeysParams, options?: RequestOptions): APIPromise<AssignedResponse> {
    const body = { key_hashes: params.key_hashes };
    return this.client.request({ method: 'POST', path: path`/guardrails/${params.id}/assignments/keys`, body }, options);
  }

  bulkUnassignKeys(params: AssignKeysParams, options?: RequestOptions): APIPromise<UnassignedResponse> {
    const body = { key_hashes: params.key_hashes };
    return this.client.request({ method: 'POST', path: path`/guardrails/${params.id}/assignments/keys/remove`, body }, options);
  }

  bulkAssignMembers(params: AssignMembersParams, options?: RequestOptions): APIPromise<AssignedResponse> {
    const body = { member_user_ids: params.member_user_ids };
    return this.client.request({ method: 'POST', path: path`/guardrails/${params.id}/assignments/members`, body }, options);
  }

  bulkUnassignMembers(params: AssignMembersParams, options?: RequestOptions): APIPromise<UnassignedResponse> {
    const body = { member_user_ids: params.member_user_ids };
    return this.client.request({ method: 'POST', path: path`/guardrails/${params.id}/assignments/members/remove`, body }, options);
  }
}
