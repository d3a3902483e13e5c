import type { GenerationRecord, GenerationRepository, MicroUsd, Repositories, Store } from '@switchyard/core';

/** A charge with nothing to check (credits not enforced, no key limit, no guardrail budget). */
export interface DeferredCharge {
  readonly generationId: string;
  readonly accountId: string;
  readonly keyId: string;
  readonly amountMicro: MicroUsd;
  /** What counts toward the key's spend when it differs from the charge (BYOK); default the charge. */
  readonly keyUsageMicro?: MicroUsd;
  /** When the request started (the charge's time, so key windows match the generation record). */
  readonly at: Date;
}

/**
 * Charges that wait for their generation record: when a request has no limit to enforce, reserving
 * and settling synchronously would put two store transactions on every request for nothing. Its
 * charge is written instead in the same transaction as its generation record, by the write-behind
 * writer's batch (`chargingGenerations`): both are stored, or neither, so the ledger always balances
 * against the records. Reads of spend (`GET /key`, `/credits`, `/keys`) drain the writer first.
 */
export class DeferredCharges {
  private readonly byGeneration = new Map<string, DeferredCharge>();

  add(charge: DeferredCharge): void {
    // Nothing charged, nothing to write (a BYOK request within its free allowance: as on the hold path).
    if (charge.amountMicro > 0) this.byGeneration.set(charge.generationId, charge);
  }

  /** The charges of these generations (left in place until `remove`, so a failed batch keeps them). */
  of(records: readonly GenerationRecord[]): DeferredCharge[] {
    return records.flatMap((record) => this.byGeneration.get(record.id) ?? []);
  }

  remove(charges: readonly DeferredCharge[]): void {
    for (const charge of charges) this.byGeneration.delete(charge.generationId);
  }

  get size(): number {
    return this.byGeneration.size;
  }
}

/**
 * The generation repository the write-behind writer uses: each batch of records and their deferred
 * charges in one transaction. A charge is a hold with nothing to check, settled at once (the
 * ledger's own path, so balances, key windows and idempotency on the generation id stay as for
 * every other charge).
 */
export function chargingGenerations(store: Store, charges: DeferredCharges): GenerationRepository {
  return {
    get: (id) => store.generations.get(id),
    insertMany: async (rows) => {
      const due = charges.of(rows);
      if (due.length === 0) {
        await store.generations.insertMany(rows);
        return;
      }
      await store.transaction(async (tx) => {
        await tx.generations.insertMany(rows);
        for (const charge of due) await post(tx, charge);
      });
      charges.remove(due);
    },
  };
}

async function post(tx: Repositories, charge: DeferredCharge): Promise<void> {
  const result = await tx.ledger.reserve({
    accountId: charge.accountId,
    keyId: charge.keyId,
    generationId: charge.generationId,
    amountMicro: charge.amountMicro,
    enforceBalance: false,
    keyLimit: null,
    at: charge.at,
    expiresAt: charge.at,
  });
  if (!result.ok) throw new Error(`a deferred charge for ${charge.generationId} was refused (${result.source})`);
  const keyUsage = charge.keyUsageMicro === undefined ? {} : { keyUsageMicro: charge.keyUsageMicro };
  await tx.ledger.settle(result.hold.id, charge.amountMicro, { at: charge.at, ...keyUsage });
}
