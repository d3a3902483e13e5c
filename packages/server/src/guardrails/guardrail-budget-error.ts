import { GatewayError, microToUsd, type GuardrailRecord, type MicroUsd } from '@switchyard/core';
import { budgetWindow } from './budget-window.js';

/**
 * The 403 for a request whose reservation a guardrail's budget refused (before any upstream call):
 * names the guardrail, `blocked: {budget: true}`, the limit, what is spent and reserved in the
 * window, and when the window resets.
 */
export function guardrailBudgetError(guardrail: GuardrailRecord, usedMicro: MicroUsd, requiredMicro: MicroUsd, now: Date): GatewayError {
  const limit = guardrail.limitMicro ?? (0 as MicroUsd);
  const window = budgetWindow(guardrail.resetInterval, now);
  const reset = window.resetsAt === null ? '' : ` It resets at ${window.resetsAt.toISOString()}.`;
  const period = guardrail.resetInterval ?? 'in total';
  return new GatewayError(
    'forbidden',
    `Budget limit exceeded: guardrail "${guardrail.name}" allows $${String(microToUsd(limit))} ${period}; $${String(microToUsd(usedMicro))} is spent or reserved and this request may cost up to $${String(microToUsd(requiredMicro))}.${reset}`,
    {
      metadata: {
        guardrail_id: guardrail.id,
        guardrail_name: guardrail.name,
        blocked: { budget: true },
        limit_source: 'openrouter_guardrail_budget',
        limit_usd: microToUsd(limit),
        spend_usd: microToUsd(usedMicro),
        required_usd: microToUsd(requiredMicro),
        resets_at: window.resetsAt?.toISOString() ?? null,
      },
    },
  );
}
