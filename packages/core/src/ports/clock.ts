/** Time as a port, so tests can fix it. */
export interface Clock {
  now(): Date;
  /** Monotonic milliseconds, for measuring latency. */
  monotonicMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};
