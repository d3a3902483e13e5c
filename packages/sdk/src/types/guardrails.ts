/** `/guardrails` and their key and member assignments (wire names). */

export type GuardrailInterval = 'daily' | 'weekly' | 'monthly';

export interface Guardrail {
  id: string;
  name: string;
  description?: string | null;
  limit_usd?: number | null;
  reset_interval?: GuardrailInterval | null;
  allowed_providers?: string[] | null;
  ignored_providers?: string[] | null;
  allowed_models?: string[] | null;
  ignored_models?: string[] | null;
  enforce_zdr?: boolean | null;
  enforce_zdr_anthropic?: boolean | null;
  enforce_zdr_google?: boolean | null;
  enforce_zdr_openai?: boolean | null;
  enforce_zdr_xai?: boolean | null;
  enforce_zdr_other?: boolean | null;
  include_byok_in_budgets: boolean;
  workspace_id: string | null;
  created_at: string;
  updated_at?: string | null;
}

/** The writable fields of a guardrail (lists are replaced, not merged, on update). */
export interface GuardrailFields {
  description?: string | null;
  limit_usd?: number | null;
  reset_interval?: GuardrailInterval;
  allowed_providers?: string[] | null;
  ignored_providers?: string[] | null;
  allowed_models?: string[] | null;
  ignored_models?: string[] | null;
  enforce_zdr?: boolean | null;
  enforce_zdr_anthropic?: boolean | null;
  enforce_zdr_google?: boolean | null;
  enforce_zdr_openai?: boolean | null;
  enforce_zdr_xai?: boolean | null;
  enforce_zdr_other?: boolean | null;
  include_byok_in_budgets?: boolean;
}

export interface GuardrailCreateParams extends GuardrailFields {
  name: string;
  workspace_id?: string;
}

export interface GuardrailUpdateParams extends GuardrailFields {
  id: string;
  name?: string;
}

export interface GuardrailResponse {
  data: Guardrail;
}

export interface GuardrailListParams {
  offset?: number;
  limit?: number;
  workspace_id?: string;
}

export interface GuardrailListResponse {
  data: Guardrail[];
  total_count: number;
}

export interface KeyAssignment {
  id: string;
  guardrail_id: string;
  key_hash: string;
  key_name: string;
  key_label: string;
  assigned_by: string | null;
  created_at: string;
}

export interface MemberAssignment {
  id: string;
  guardrail_id: string;
  user_id: string;
  organization_id: string;
  assigned_by: string | null;
  created_at: string;
}

export interface KeyAssignmentsResponse {
  data: KeyAssignment[];
  total_count: number;
}

export interface MemberAssignmentsResponse {
  data: MemberAssignment[];
  total_count: number;
}

export interface AssignKeysParams {
  id: string;
  key_hashes: string[];
}

export interface AssignMembersParams {
  id: string;
  member_user_ids: string[];
}

export interface AssignedResponse {
  assigned_count: number;
}

export interface UnassignedResponse {
  unassigned_count: number;
}
