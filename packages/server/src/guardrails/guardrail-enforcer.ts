import {
  GatewayError,
  type ApiKeyRecord,
  type Clock,
  type GenerationRecord,
  type GuardrailRecord,
  type GuardrailRepository,
  type MicroUsd,
} from '@switchyard/core';
import { budgetWindow, type BudgetWindow } from './budget-window.js';
import { TtlCache } from './ttl-cache.js';

/** Generation records not yet stored (the write-behind queue): they count toward budgets at once. */
export interface PendingGenerations {
  pendingFor(keyId: string): GenerationRecord[];
}

export interface GuardrailEnforcerOptions {
  /** How long a key's guardrails (and a guardrail's keys) are cached; other processes' writes show within it. */
  readonly ttlMs?: number;
}

const MICRO_PER_USD = 1_000_000;

/**
 * The guardrails of the calling key, for every inference request: cached per key for `ttlMs`
 * (1 s by default; cleared at once by `invalidate()` after any guardrail write in this process),
 * and their budgets checked before the request is routed. A budget is spent when the generation
 * costs of all keys holding the guardrail, in the current reset window, reach `limit_usd`: 403.
 * The check is check-then-run, not a reservation: concurrent requests that all pass the check may
 * together overrun the budget by what they cost.
 */
export class GuardrailEnforcer {
  private readonly byKey: TtlCache<readonly GuardrailRecord[]>;
  private readonly keysOf: TtlCache<readonly string[]>;

  constructor(
    private readonly repository: GuardrailRepository,
    private readonly pending: PendingGenerations,
    private readonly clock: Clock,
    options: GuardrailEnforcerOptions = {},
  ) {
    const ttlMs = options.ttlMs ?? 1_000;
    const now = () => clock.now().getTime();
    this.byKey = new TtlCache(ttlMs, now);
    this.keysOf = new TtlCache(ttlMs, now);
  }

  /** The key's guardrails when none of their budgets is spent; 403 naming the guardrail otherwise. */
  async admit(key: ApiKeyRecord): Promise<readonly GuardrailRecord[]> {
    const guardrails = await this.byKey.get(key.id, () => this.repository.forKey(key.id));
    for (const guardrail of guardrails) await this.checkBudget(guardrail);
    return guardrails;
  }

  /** Drops every cached entry (call after creating, changing, deleting or (un)assigning guardrails). */
  invalidate(): void {
    this.byKey.clear();
    this.keysOf.clear();
  }

  private async checkBudget(guardrail: GuardrailRecord): Promise<void> {
    if (guardrail.limitMicro === null) return;
    const window = budgetWindow(guardrail.resetInterval, this.clock.now());
    const stored = await this.repository.spend(guardrail.id, window.range, guardrail.includeByokInBudgets);
    const spent = stored + (await this.pendingSpend(guardrail, window));
    if (spent < guardrail.limitMicro) return;
    throw budgetError(guardrail, spent, window);
  }

  private async pendingSpend(guardrail: GuardrailRecord, window: BudgetWindow): Promise<number> {
    const keyIds = await this.keysOf.get(guardrail.id, () => this.repository.keyIds(guardrail.id));
    const inWindow = (at: Date) => window.range === undefined || (at.getTime() >= window.range[0] && at.getTime() < window.range[1]);
    return keyIds
      .flatMap((keyId) => this.pending.pendingFor(keyId))
      .filter((record) => (guardrail.includeByokInBudgets || !record.isByok) && inWindow(record.createdAt))
      .reduce((sum, record) => sum + record.costMicro, 0);
  }
}

function budgetError(guardrail: GuardrailRecord, spent: number, window: BudgetWindow): GatewayError {
  const limit = guardrail.limitMicro ?? (0 as MicroUsd);
  const usd = (micro: number) => micro / MICRO_PER_USD;
  const reset = window.resetsAt === null ? '' : ` It resets at ${window.resetsAt.toISOString()}.`;
  return new GatewayError(
    'forbidden',
    `Budget limit exceeded: guardrail "${guardrail.name}" allows $${usd(limit)} ${guardrail.resetInterval ?? 'in total'} and $${usd(spent)} is spent.${reset}`,
    {
      metadata: {
        guardrail_id: guardrail.id,
        guardrail_name: guardrail.name,
        blocked: { budget: true },
        limit_source: 'openrouter_guardrail_budget',
        limit_usd: usd(limit),
        spend_usd: usd(spent),
        resets_at: window.resetsAt?.toISOString() ?? null,
      },
    },
  );
}

/** What the HTTP layer needs for guardrails: the repository (management routes) and the enforcer (inference). */
export interface GuardrailDeps {
  readonly repository: GuardrailRepository;
  readonly enforcer: GuardrailEnforcer;
}
