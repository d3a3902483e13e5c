import type { Clock, LedgerRepository } from '@switchyard/core';
import type { Logger } from '../logger.js';

/**
 * Releases expired holds on a timer: reservations of requests whose process died before settling
 * (crash recovery; any process sharing the database sweeps for all).
 */
export class HoldSweeper {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<unknown>;

  constructor(
    private readonly ledger: Pick<LedgerRepository, 'releaseExpiredHolds'>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    intervalMs: number,
  ) {
    // A first pass at start: holds a crashed process left behind are released without waiting.
    this.running = this.sweep();
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.sweep());
    }, intervalMs);
    this.timer.unref();
  }

  /** One pass; returns how many holds it released (0 when the store failed, which is logged). */
  async sweep(): Promise<number> {
    try {
      const released = await this.ledger.releaseExpiredHolds(this.clock.now());
      if (released > 0) this.logger.warn('released expired credit holds', { released });
      return released;
    } catch (error) {
      this.logger.error('releasing expired credit holds failed', { error });
      return 0;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
