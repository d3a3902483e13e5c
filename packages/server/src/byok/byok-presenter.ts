import type { ByokCredentialRecord } from '@switchyard/core';

/**
 * OpenRouter's `BYOKKey`: everything but the secret, which no API ever returns (only its masked
 * `label`). The restriction lists are not implemented here and are always null; shared capacity
 * always stays the fallback (`is_required`, `is_byok_only` false), and the data policy is the
 * provider's (`declared_zdr` null). Those three are in `@openrouter/sdk`'s model, not yet in the spec.
 */
export function presentByok(record: ByokCredentialRecord) {
  return {
    id: record.id,
    provider: record.provider,
    name: record.name,
    label: record.label,
    disabled: record.disabled,
    is_fallback: false,
    is_required: false,
    is_byok_only: false,
    declared_zdr: null,
    sort_order: 0,
    workspace_id: null,
    allowed_models: null,
    allowed_user_ids: null,
    allowed_api_key_hashes: null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt?.toISOString() ?? null,
  };
}
