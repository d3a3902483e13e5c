import type { Endpoint } from '../../catalog/catalog.js';
import type { GatewayError } from '../../errors/gateway-error.js';

/**
 * An endpoint as the executor walks it: `byok` marks an attempt with the account's own provider key
 * (bring your own key) instead of the gateway's.
 */
export interface PlannedEndpoint extends Endpoint {
  readonly byok?: boolean;
}

/**
 * OpenRouter's BYOK order: every planned endpoint of a provider the account has its own key for is
 * tried first with that key (in plan order, ahead of `order` and `sort`), then the whole plan again
 * on the gateway's shared capacity as the fallback.
 */
export function byokFirst(plan: readonly Endpoint[], byokProviders: ReadonlySet<string>): readonly PlannedEndpoint[] {
  if (byokProviders.size === 0) return plan;
  const own = plan.filter((endpoint) => byokProviders.has(endpoint.providerId)).map((endpoint) => ({ ...endpoint, byok: true }));
  return own.length === 0 ? plan : [...own, ...plan];
}

/**
 * Failures of an attempt with the account's own key that say something about that key (refused,
 * out of quota), not about the endpoint: they must not count against the endpoint's health, which
 * every account shares.
 */
export function isOwnKeyFault(endpoint: PlannedEndpoint, error: GatewayError): boolean {
  return endpoint.byok === true && (error.code === 'upstream_auth_failed' || error.code === 'upstream_quota_exceeded');
}
