import { microToUsd, type ApiKeyRecord, type KeyUsage, type MicroUsd } from '@switchyard/core';
import type { KeyLimitsView } from '../ratelimit/request-limits.js';

/** A key's spend windows in USD, as both `GET /key` and `/keys` show them. */
function spendFields(usage: KeyUsage) {
  return {
    usage: microToUsd(usage.total),
    usage_daily: microToUsd(usage.daily),
    usage_weekly: microToUsd(usage.weekly),
    usage_monthly: microToUsd(usage.monthly),
    byok_usage: microToUsd(usage.byokTotal),
    byok_usage_daily: microToUsd(usage.byokDaily),
    byok_usage_weekly: microToUsd(usage.byokWeekly),
    byok_usage_monthly: microToUsd(usage.byokMonthly),
  };
}

/**
 * `GET /api/v1/key` data: the calling key's limits and spend in USD. `limitRemaining` is what a new
 * request can still reserve (`billing/key-usage-view.ts`, shared with `/keys`).
 */
export function presentCurrentKey(key: ApiKeyRecord, usage: KeyUsage, limitRemaining: MicroUsd | null, limits: KeyLimitsView) {
  const limit = key.limitMicro === null ? null : microToUsd(key.limitMicro);
  return {
    label: key.label,
    name: key.name,
    limit,
    limit_remaining: limitRemaining === null ? null : microToUsd(limitRemaining),
    limit_reset: key.limitReset,
    include_byok_in_limit: key.includeByokInLimit,
    ...spendFields(usage),
    is_free_tier: limits.isFreeTier,
    is_management_key: key.kind === 'provisioning',
    is_provisioning_key: key.kind === 'provisioning',
    creator_user_id: key.creatorUserId ?? null,
    organization_id: null,
    workspace_id: null,
    allowed_data_regions: ['global'],
    /** The account's free-model requests today (shared by all its keys). */
    free_model_daily_requests: limits.freeModelDaily,
    expires_at: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    created_at: key.createdAt.toISOString(),
    disabled: key.disabled,
    rate_limit: { requests: limits.requestsPerMinute ?? -1, interval: limits.requestsPerMinute === undefined ? '10s' : '1m', note: 'This field is deprecated and safe to ignore.' },
  };
}

/**
 * A key as `/api/v1/keys` answers it. The account stands in for OpenRouter's workspace (one per
 * account); `creator_user_id` is the member the key was created for, if any.
 */
export function presentManagedKey(key: ApiKeyRecord, usage: KeyUsage, limitRemaining: MicroUsd | null) {
  return {
    hash: key.hash,
    name: key.name,
    label: key.label,
    disabled: key.disabled,
    limit: key.limitMicro === null ? null : microToUsd(key.limitMicro),
    limit_remaining: limitRemaining === null ? null : microToUsd(limitRemaining),
    limit_reset: key.limitReset,
    include_byok_in_limit: key.includeByokInLimit,
    ...spendFields(usage),
    created_at: key.createdAt.toISOString(),
    updated_at: key.updatedAt === null ? null : key.updatedAt.toISOString(),
    expires_at: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    creator_user_id: key.creatorUserId ?? null,
    external_user: null,
    workspace_id: key.accountId,
  };
}
