import { ZDR_MODEL_GROUPS, type GuardrailRecord, type KeyAssignmentRecord, type MemberAssignmentRecord } from '@switchyard/core';

const MICRO_PER_USD = 1_000_000;

/**
 * A guardrail as `/guardrails` answers it (spec: Guardrail). The account stands in for OpenRouter's
 * workspace. `enforce_zdr` (deprecated) is true or false when every group agrees, else null.
 */
export function presentGuardrail(guardrail: GuardrailRecord) {
  const zdr = Object.fromEntries(ZDR_MODEL_GROUPS.map((group) => [`enforce_zdr_${group}`, guardrail.enforceZdr.includes(group)]));
  const count = guardrail.enforceZdr.length;
  return {
    id: guardrail.id,
    name: guardrail.name,
    description: guardrail.description,
    workspace_id: guardrail.accountId,
    limit_usd: guardrail.limitMicro === null ? null : guardrail.limitMicro / MICRO_PER_USD,
    reset_interval: guardrail.resetInterval,
    include_byok_in_budgets: guardrail.includeByokInBudgets,
    allowed_providers: guardrail.allowedProviders,
    ignored_providers: guardrail.ignoredProviders,
    allowed_models: guardrail.allowedModels,
    ignored_models: guardrail.ignoredModels,
    enforce_zdr: count === 0 ? false : count === ZDR_MODEL_GROUPS.length ? true : null,
    ...zdr,
    created_at: guardrail.createdAt.toISOString(),
    updated_at: guardrail.updatedAt?.toISOString() ?? null,
  };
}

export function presentKeyAssignment(assignment: KeyAssignmentRecord) {
  return {
    id: assignment.id,
    key_hash: assignment.keyHash,
    guardrail_id: assignment.guardrailId,
    key_name: assignment.keyName,
    key_label: assignment.keyLabel,
    assigned_by: assignment.assignedBy,
    created_at: assignment.createdAt.toISOString(),
  };
}

export function presentMemberAssignment(assignment: MemberAssignmentRecord) {
  return {
    id: assignment.id,
    user_id: assignment.userId,
    organization_id: assignment.accountId,
    guardrail_id: assignment.guardrailId,
    assigned_by: assignment.assignedBy,
    created_at: assignment.createdAt.toISOString(),
  };
}
