import { microToUsd, type ApiKeyRecord, type KeyUsage } from '@switchyard/core';

const FREE_MODEL_DAILY_LIMIT = 200;

/** `GET /api/v1/key` data: the calling key's limits and spend in USD. */
export function presentCurrentKey(key: ApiKeyRecord, usage: KeyUsage, hasPaidCredits: boolean) {
  const limit = key.limitMicro === null ? null : microToUsd(key.limitMicro);
  const spentAgainstLimit = periodUsage(key, usage) + (key.includeByokInLimit ? periodByok(key, usage) : 0);
  return {
    label: key.label,
    name: key.name,
    limit,
    limit_remaining: key.limitMicro === null ? null : microToUsd(Math.max(0, key.limitMicro - spentAgainstLimit)),
    limit_reset: key.limitReset,
    include_byok_in_limit: key.includeByokInLimit,
    usage: microToUsd(usage.total),
    usage_daily: microToUsd(usage.daily),
    usage_weekly: microToUsd(usage.weekly),
    usage_monthly: microToUsd(usage.monthly),
    byok_usage: microToUsd(usage.byokTotal),
    byok_usage_daily: microToUsd(usage.byokDaily),
    byok_usage_weekly: microToUsd(usage.byokWeekly),
    byok_usage_monthly: microToUsd(usage.byokMonthly),
    is_free_tier: !hasPaidCredits,
    is_management_key: key.kind === 'provisioning',
    is_provisioning_key: key.kind === 'provisioning',
    creator_user_id: null,
    organization_id: null,
    workspace_id: null,
    allowed_data_regions: ['global'],
    // Free-model quotas arrive with the accounts issue; until then no free-model request is limited.
    free_model_daily_requests: { limit: FREE_MODEL_DAILY_LIMIT, remaining: FREE_MODEL_DAILY_LIMIT, used: 0 },
    expires_at: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    created_at: key.createdAt.toISOString(),
    disabled: key.disabled,
    rate_limit: { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' },
  };
}

function periodUsage(key: ApiKeyRecord, usage: KeyUsage): number {
  switch (key.limitReset) {
    case 'daily':
      return usage.daily;
    case 'weekly':
      return usage.weekly;
    case 'monthly':
      return usage.monthly;
    default:
      return usage.total;
  }
}

function periodByok(key: ApiKeyRecord, usage: KeyUsage): number {
  switch (key.limitReset) {
    case 'daily':
      return usage.byokDaily;
    case 'weekly':
      return usage.byokWeekly;
    case 'monthly':
      return usage.byokMonthly;
    default:
      return usage.byokTotal;
  }
}
