import { connect } from 'node:net';
import { describe, it } from 'vitest';

/** Redis for the scale-out suites (override with SWITCHYARD_TEST_REDIS_URL). */
export const TEST_REDIS_URL = process.env['SWITCHYARD_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Why a TCP connection to `url`'s host and port fails, or undefined when it connects. */
export function probeTcp(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379), timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error) => resolve(error.message));
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timed out');
    });
  });
}

/**
 * Registers `suites` when the service answered; otherwise skips them with a warning, except under
 * CI=true, where a missing service fails the run (the scale-out suites must not silently skip).
 */
export function describeWithService(service: string, unreachable: string | undefined, suites: () => void): void {
  if (unreachable === undefined) {
    suites();
    return;
  }
  if (process.env['CI'] === 'true') {
    describe(`${service} suites`, () => {
      it(`needs a reachable ${service} in CI`, () => {
        throw new Error(`${service} is not reachable (${unreachable}). CI must run these suites: start the service.`);
      });
    });
    return;
  }
  console.warn(`[test] SKIPPING ${service} suites: ${unreachable}. In CI=true this fails.`);
  describe.skip(`${service} suites (skipped: ${unreachable})`, () => {
    it(`runs against ${service}`, () => undefined);
  });
}
