import { GatewayError } from '@switchyard/core';
import { UsageError } from './errors.js';

/**
 * Runs `parse` (one of the API's request parsers) and turns its "limit: Must not be negative" into
 * the usage error "--limit: Must not be negative", so flags are checked exactly as the API checks fields.
 */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw usageFromInvalidRequest(error);
  }
}

/** A GatewayError `invalid_request` whose message starts with a field name, as a UsageError naming the flag. */
export function usageFromInvalidRequest(error: unknown): unknown {
  if (!GatewayError.is(error) || error.code !== 'invalid_request') return error;
  return new UsageError(error.message.replace(/^([a-z_]+): /, (_all, field: string) => `--${field.replaceAll('_', '-')}: `));
}
