import type { ApiKeyRecord, KeyRepository, KeyUsage, LedgerRepository, MicroUsd } from '@switchyard/core';
import type { GenerationWriter } from '../generations/generation-writer.js';
import { withPending, ZERO_USAGE } from '../keys/key-management.js';
import { keyLimitRemaining } from './key-remaining.js';

export interface KeyUsageSources {
  readonly keys: Pick<KeyRepository, 'usage'>;
  readonly ledger: Pick<LedgerRepository, 'keySpend'>;
  readonly writer: Pick<GenerationWriter, 'pendingFor'>;
}

export interface KeyUsageView {
  readonly usage: KeyUsage;
  /** What a new request can still reserve (null: no limit). */
  readonly limitRemaining: MicroUsd | null;
}

/**
 * A key's usage as `GET /key` and `/keys` both answer it, so the two always agree: spend (total,
 * day, week, month) and the remaining limit from the ledger (charges and open holds, what the
 * reservation checks), BYOK usage from the generation records, stored or still in the writer's queue.
 */
export async function keyUsageView(sources: KeyUsageSources, key: ApiKeyRecord, now: Date): Promise<KeyUsageView> {
  const [stored, spend] = await Promise.all([sources.keys.usage(key.id, now), sources.ledger.keySpend(key.id, now)]);
  const storedByok = { ...ZERO_USAGE, byokTotal: stored.byokTotal, byokDaily: stored.byokDaily, byokWeekly: stored.byokWeekly, byokMonthly: stored.byokMonthly };
  const byok = withPending(storedByok, sources.writer.pendingFor(key.id).filter((record) => record.isByok));
  const usage = { ...byok, total: spend.total, daily: spend.daily, weekly: spend.weekly, monthly: spend.monthly };
  return { usage, limitRemaining: keyLimitRemaining(key, spend) };
}
