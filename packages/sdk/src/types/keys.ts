/** `/key` (the calling key) and `/keys` (management of an account's inference keys), wire names. */

export type LimitReset = 'daily' | 'weekly' | 'monthly';

interface KeySpend {
  label: string;
  limit: number | null;
  limit_remaining: number | null;
  limit_reset: string | null;
  include_byok_in_limit: boolean;
  usage: number;
  usage_daily: number;
  usage_weekly: number;
  usage_monthly: number;
  byok_usage: number;
  byok_usage_daily: number;
  byok_usage_weekly: number;
  byok_usage_monthly: number;
  creator_user_id: string | null;
  expires_at?: string | null;
}

/** `GET /key`: what the calling key may spend and has spent. */
export interface CurrentKey extends KeySpend {
  is_free_tier: boolean;
  is_management_key: boolean;
  is_provisioning_key: boolean;
  rate_limit: { requests: number; interval: string; note: string };
}

export interface CurrentKeyResponse {
  data: CurrentKey;
}

/** An inference key as `/keys` shows it (never its secret). */
export interface ApiKey extends KeySpend {
  hash: string;
  name: string;
  disabled: boolean;
  created_at: string;
  updated_at: string | null;
  workspace_id: string;
}

export interface ApiKeyListParams {
  include_disabled?: boolean;
  offset?: number;
  workspace_id?: string;
}

export interface ApiKeyListResponse {
  data: ApiKey[];
}

export interface ApiKeyCreateParams {
  name: string;
  limit?: number | null;
  limit_reset?: LimitReset | null;
  include_byok_in_limit?: boolean;
  expires_at?: string | null;
  creator_user_id?: string | null;
  workspace_id?: string;
}

/** `POST /keys`: the new key and its secret (`key`), shown this once. */
export interface ApiKeyCreateResponse {
  data: ApiKey;
  key: string;
}

export interface ApiKeyUpdateParams {
  hash: string;
  name?: string;
  disabled?: boolean;
  limit?: number | null;
  limit_reset?: LimitReset | null;
  include_byok_in_limit?: boolean;
}

export interface ApiKeyResponse {
  data: ApiKey;
}

export interface DeletedResponse {
  deleted: true;
}
