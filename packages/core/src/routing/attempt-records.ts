import type { CanonicalEvent } from '../canonical/canonical-event.js';
import type { Endpoint } from '../catalog/catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { EndpointStats } from '../ports/endpoint-stats.js';
import type { ProviderAttempt } from '../ports/store.js';
import { failureSample } from '../stats/sample-rules.js';
import type { PlannedEndpoint } from './policy/byok-first.js';

/** Error messages kept per attempt are cut to this length (the generation record stores them). */
const MAX_MESSAGE_CHARS = 500;

/** The attempt's entry for `provider_responses`: provider, status, latency and, when it failed, the error. */
export function attemptRecord(endpoint: PlannedEndpoint, status: number, latencyMs: number, error?: GatewayError): ProviderAttempt {
  const record = {
    providerId: endpoint.providerId,
    providerName: endpoint.providerName,
    endpointId: endpoint.id,
    modelId: endpoint.modelId,
    status,
    latencyMs,
    ...(endpoint.byok === true ? { isByok: true } : {}),
  };
  return error === undefined ? record : { ...record, ...errorFields(error) };
}

function errorFields(error: GatewayError): Pick<ProviderAttempt, 'errorCode' | 'errorMessage'> {
  return { errorCode: error.code, errorMessage: error.message.slice(0, MAX_MESSAGE_CHARS) };
}

/** The status an attempt's failure is listed with: the provider's HTTP status, else the gateway's. */
export function failureStatus(error: GatewayError): number {
  return error.options.upstreamStatus ?? error.status;
}

/** An endpoint not tried because its circuit breaker refused the attempt (no upstream call was made). */
export function breakerSkip(endpoint: Endpoint): { readonly attempt: ProviderAttempt; readonly error: GatewayError } {
  const error = new GatewayError(
    'upstream_overloaded',
    `${endpoint.providerName} is temporarily unavailable for ${endpoint.modelId} (circuit breaker open).`,
    { provider: endpoint.providerName, metadata: { breaker: 'open' } },
  );
  return { attempt: { ...attemptRecord(endpoint, error.status, 0, error), errorCode: 'circuit_open' }, error };
}

/** The request deadline passed before an endpoint answered; names the last upstream error when there was one. */
export function deadlineExceeded(deadlineMs: number, last: GatewayError | undefined): GatewayError {
  const detail = last === undefined ? '' : ` Last error: ${last.message}`;
  return new GatewayError('upstream_timeout', `No provider answered within the request deadline of ${deadlineMs} ms.${detail}`, {
    metadata: { deadline_ms: deadlineMs, ...(last === undefined ? {} : { last_error: last.code }) },
  });
}

/**
 * An event of the committed response, after the commit point: a failure there (not the client
 * leaving) counts against the endpoint's health, and the committed attempt (`attempts[index]`)
 * carries its error.
 */
export function noteAfterCommit(
  event: CanonicalEvent,
  at: { readonly stats: EndpointStats; readonly endpoint: Endpoint; readonly now: () => Date; readonly attempts: ProviderAttempt[]; readonly index: number },
): void {
  if (event.type !== 'error' || event.error.code === 'client_closed') return;
  const sample = failureSample(at.endpoint.id, at.now(), event.error);
  if (sample !== undefined) at.stats.record(sample);
  const committed = at.attempts[at.index];
  if (committed !== undefined) at.attempts[at.index] = { ...committed, ...errorFields(event.error) };
}
