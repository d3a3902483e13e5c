import type { GuardrailBudgetWindow, GuardrailRecord } from '@switchyard/core';
import { windowStart } from './limit-window.js';

/**
 * The budgets a request reserves against: each of its guardrails with a `limit_usd`, in the UTC
 * window (day, ISO week, month; all time without a reset interval) containing `now`.
 */
export function guardrailBudgets(guardrails: readonly GuardrailRecord[], now: Date): GuardrailBudgetWindow[] {
  return guardrails.flatMap((guardrail) =>
    guardrail.limitMicro === null
      ? []
      : [
          {
            guardrailId: guardrail.id,
            limitMicro: guardrail.limitMicro,
            windowStartMs: windowStart(guardrail.resetInterval, now),
            includeByok: guardrail.includeByokInBudgets,
          },
        ],
  );
}
