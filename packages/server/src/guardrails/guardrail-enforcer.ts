import type { ApiKeyRecord, Clock, GuardrailRecord, GuardrailRepository } from '@switchyard/core';
import { TtlCache } from './ttl-cache.js';

export interface GuardrailEnforcerOptions {
  /** How long a key's guardrails are cached; other processes' writes show within it. */
  readonly ttlMs?: number;
}

/**
 * The guardrails of the calling key, for every inference request: cached per key for `ttlMs`
 * (1 s by default; cleared at once by `invalidate()` after any guardrail write in this process).
 * Their provider and model lists become routing layers (`guarded-plan.ts`); their budgets are
 * reserved against atomically with the request's credit hold (`billing/credit-gate.ts`), so
 * concurrent requests cannot overrun them.
 */
export class GuardrailEnforcer {
  private readonly byKey: TtlCache<readonly GuardrailRecord[]>;

  constructor(
    private readonly repository: GuardrailRepository,
    clock: Clock,
    options: GuardrailEnforcerOptions = {},
  ) {
    this.byKey = new TtlCache(options.ttlMs ?? 1_000, () => clock.now().getTime());
  }

  /** The guardrails that apply to requests made with this key. */
  admit(key: ApiKeyRecord): Promise<readonly GuardrailRecord[]> {
    return this.byKey.get(key.id, () => this.repository.forKey(key.id));
  }

  /** Drops every cached entry (call after creating, changing, deleting or (un)assigning guardrails). */
  invalidate(): void {
    this.byKey.clear();
  }
}

/** What the HTTP layer needs for guardrails: the repository (management routes) and the enforcer (inference). */
export interface GuardrailDeps {
  readonly repository: GuardrailRepository;
  readonly enforcer: GuardrailEnforcer;
}
