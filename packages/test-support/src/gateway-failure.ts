import { GatewayError } from '@switchyard/core';

/** The GatewayError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function gatewayFailure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!GatewayError.is(error)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}
