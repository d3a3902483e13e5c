/** `/byok`: the account's own provider keys (wire names). */

/** One of the account's own provider keys (BYOK); the secret never comes back, only `label`. */
export interface ByokKey {
  id: string;
  provider: string;
  name?: string | null;
  label: string;
  disabled: boolean;
  is_fallback: boolean;
  sort_order: number;
  allowed_models: string[] | null;
  allowed_api_key_hashes: string[] | null;
  allowed_user_ids: string[] | null;
  workspace_id: string | null;
  created_at: string;
}

export interface ByokListParams {
  offset?: number;
  limit?: number;
  provider?: string;
}

export interface ByokListResponse {
  data: ByokKey[];
  total_count: number;
}

export interface ByokCreateParams {
  provider: string;
  key: string;
  name?: string | null;
  disabled?: boolean;
  is_fallback?: boolean;
  allowed_models?: string[] | null;
  allowed_api_key_hashes?: string[] | null;
  allowed_user_ids?: string[] | null;
  workspace_id?: string;
}

export interface ByokUpdateParams {
  id: string;
  /** A new secret (rotation). */
  key?: string;
  name?: string | null;
  disabled?: boolean;
  is_fallback?: boolean;
  allowed_models?: string[] | null;
  allowed_api_key_hashes?: string[] | null;
  allowed_user_ids?: string[] | null;
}

export interface ByokKeyResponse {
  data: ByokKey;
}
