import type { DirectCharge, GenerationRecord, GenerationRepository, Store } from '@switchyard/core';

/** A charge with nothing to check (credits not enforced, no key limit, no guardrail budget). */
export type DeferredCharge = DirectCharge;

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
    // Nothing charged and nothing counted toward the key: nothing to write. A BYOK request inside the
    // free allowance is charged 0 but may count toward its key's limit (as on the hold path).
    if (charge.amountMicro > 0 || (charge.keyUsageMicro ?? 0) > 0) this.byGeneration.set(charge.generationId, charge);
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
 * The generation repository the write-behind writer uses: each batch of records goes to the store
 * with its deferred charges (`Store.recordGenerations`: one transaction, idempotent on the
 * generation id, so balances, key windows and the records always agree).
 */
export function chargingGenerations(store: Store, charges: DeferredCharges, clock: () => Date = () => new Date()): GenerationRepository {
  return {
    get: (id) => store.generations.get(id),
    insertMany: async (rows) => {
      const due = charges.of(rows);
      await store.recordGenerations(rows, due, clock());
      charges.remove(due);
    },
  };
}
