import type { BreakerState } from '../ports/endpoint-stats.js';

export interface BreakerConfig {
  readonly breakerFailureThreshold: number;
  readonly breakerCooldownMs: number;
  readonly breakerProbeTimeoutMs: number;
}

/**
 * One endpoint's circuit breaker, driven by the times it is given (ms):
 * - closed: every attempt passes; `breakerFailureThreshold` consecutive failures open it.
 * - open: attempts are refused until `breakerCooldownMs` after it opened, then it is half-open.
 * - half-open: one probe is admitted (its slot frees after `breakerProbeTimeoutMs` without an answer);
 *   a success closes the breaker, a failure opens it again for another cool-down.
 * Successes and failures that arrive while it is open (requests admitted before it opened) change nothing.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAtMs: number | undefined;
  private probeStartedAtMs: number | undefined;

  constructor(private readonly config: BreakerConfig) {}

  state(nowMs: number): BreakerState {
    if (this.openedAtMs === undefined) return 'closed';
    return nowMs - this.openedAtMs < this.config.breakerCooldownMs ? 'open' : 'half-open';
  }

  /** Whether an attempt may start now; in half-open, true reserves the single probe slot. */
  admit(nowMs: number): boolean {
    const state = this.state(nowMs);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const probe = this.probeStartedAtMs;
    if (probe !== undefined && nowMs - probe < this.config.breakerProbeTimeoutMs) return false;
    this.probeStartedAtMs = nowMs;
    return true;
  }

  success(nowMs: number): void {
    const state = this.state(nowMs);
    if (state === 'open') return;
    this.consecutiveFailures = 0;
    this.openedAtMs = undefined;
    this.probeStartedAtMs = undefined;
  }

  failure(nowMs: number): void {
    const state = this.state(nowMs);
    if (state === 'open') return;
    if (state === 'half-open') {
      this.open(nowMs);
      return;
    }
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.config.breakerFailureThreshold) this.open(nowMs);
  }

  /** The probe ended without an answer about the endpoint: another attempt may probe at once. */
  release(): void {
    this.probeStartedAtMs = undefined;
  }

  private open(nowMs: number): void {
    this.openedAtMs = nowMs;
    this.probeStartedAtMs = undefined;
    this.consecutiveFailures = 0;
  }
}
