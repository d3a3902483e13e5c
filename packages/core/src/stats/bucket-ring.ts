/**
 * A sliding window made of `count` buckets of `bucketMs` each, reused in a ring: memory is fixed and
 * old buckets are reset when their slot comes round again. Time is whatever the caller passes (ms).
 * A window read at `nowMs` covers the current (partial) bucket and the `count - 1` before it.
 */
export class BucketRing<T> {
  private readonly epochs: number[];
  private readonly slots: (T | undefined)[];

  constructor(
    private readonly bucketMs: number,
    private readonly count: number,
    private readonly fresh: () => T,
  ) {
    this.epochs = new Array<number>(count).fill(Number.NEGATIVE_INFINITY);
    this.slots = new Array<T | undefined>(count).fill(undefined);
  }

  /** The bucket that holds time `ms`, reset if its slot held an older bucket; undefined when `ms` is too old. */
  at(ms: number): T | undefined {
    const epoch = Math.floor(ms / this.bucketMs);
    const index = this.indexOf(epoch);
    const held = this.epochs[index] ?? Number.NEGATIVE_INFINITY;
    if (held > epoch) return undefined;
    const slot = this.slots[index];
    if (held === epoch && slot !== undefined) return slot;
    const created = this.fresh();
    this.epochs[index] = epoch;
    this.slots[index] = created;
    return created;
  }

  /** The buckets of the window that ends at `nowMs`, oldest first. */
  window(nowMs: number): T[] {
    const newest = Math.floor(nowMs / this.bucketMs);
    const out: T[] = [];
    for (let epoch = newest - this.count + 1; epoch <= newest; epoch++) {
      const index = this.indexOf(epoch);
      const slot = this.slots[index];
      if (this.epochs[index] === epoch && slot !== undefined) out.push(slot);
    }
    return out;
  }

  /** Identifies the window's current bucket (changes when the window slides by a bucket). */
  epochAt(nowMs: number): number {
    return Math.floor(nowMs / this.bucketMs);
  }

  private indexOf(epoch: number): number {
    return ((epoch % this.count) + this.count) % this.count;
  }
}
