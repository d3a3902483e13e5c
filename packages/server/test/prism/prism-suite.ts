import { startPrismMock, type PrismMock } from '@switchyard/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFor, casesFor, explainRejection, sendToMock, type Target } from './prism-cases.js';
import { matchPathKey, UndeclaredFieldFinder } from './undeclared-fields.js';

/** An operation of the mocked spec and a body that violates its schema (expects 422). */
export interface Canary {
  readonly name: string;
  /** Path below the mock's URL. */
  readonly path: string;
  readonly body: unknown;
}

export interface MockSuite {
  readonly spec: string;
  /** The spec's path keys the adapters call (Prism loads only these: a much faster start). */
  readonly paths: readonly string[];
  /** The adapter's base URL below the mock's URL ('' or a prefix like '/v1'). */
  readonly basePath: string;
  readonly targets: readonly Target[];
  readonly canaries: readonly Canary[];
}

const START_TIMEOUT_MS = 60_000;

/**
 * Starts one Prism mock for the spec (once for the file), sends every feature case each target's
 * adapter supports, built by the real adapter, and expects none rejected; then proves validation is
 * on with the canaries (Prism silently accepts everything when a schema fails to compile).
 */
export function describeAgainstMock(label: string, suite: MockSuite): void {
  describe(`${label}: adapter requests against the Prism mock of ${suite.spec}`, () => {
    let mock: PrismMock | undefined;
    const mockUrl = (): string => {
      if (mock === undefined) throw new Error('the Prism mock did not start (see beforeAll)');
      return mock.url;
    };

    beforeAll(async () => {
      mock = await startPrismMock(suite.spec, { paths: suite.paths, startTimeoutMs: START_TIMEOUT_MS - 5_000 });
    }, START_TIMEOUT_MS);
    afterAll(async () => {
      await mock?.stop();
    });

    for (const canary of suite.canaries) {
      it(`canary: an invalid ${canary.name} body gets 422 (validation is on)`, async () => {
        const response = await fetch(`${mockUrl()}${canary.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer test-key', 'x-goog-api-key': 'test-key' },
          body: JSON.stringify(canary.body),
        });
        expect(response.status, await response.text()).toBe(422);
      });
    }

    const undeclared = new UndeclaredFieldFinder(suite.spec);
    for (const target of suite.targets) {
      describe(target.name, () => {
        for (const c of casesFor(target.adapter)) {
          it(`${c.name} is accepted`, async () => {
            const spec = buildFor(target, `${mockUrl()}${suite.basePath}`, c);
            const answer = await sendToMock(spec);
            expect(answer.status, explainRejection(c, spec, answer)).toBeGreaterThanOrEqual(200);
            expect(answer.status, explainRejection(c, spec, answer)).toBeLessThan(300);
            const pathKey = matchPathKey(suite.paths, new URL(spec.url).pathname.slice(new URL(mockUrl()).pathname.length - 1));
            expect(pathKey, spec.url).toBeDefined();
            // Prism accepts fields its schema does not declare; the provider may not.
            expect(undeclared.find(pathKey ?? '', JSON.parse(spec.body)), `${c.name}: fields the spec does not declare\n${spec.body}`).toEqual([]);
          });
        }
      });
    }
  });
}
