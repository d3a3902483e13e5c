import { GatewayError, type ChatRoute, type GuardrailRecord, type RoutingDefaults } from '@switchyard/core';
import { guardrailBlockError, guardrailLayer } from './guardrail-layer.js';

/**
 * Plans with the guardrails as extra preference layers. When that leaves no endpoint (503
 * `no_route`) but the request without the guardrails has some, the guardrails blocked it: 403 naming
 * the guardrail and what it blocked. Any other failure, or a request that cannot be served even
 * without the guardrails, keeps its own error.
 */
export function planGuarded(
  plan: (defaults: RoutingDefaults) => ChatRoute,
  defaults: RoutingDefaults,
  guardrails: readonly GuardrailRecord[],
): ChatRoute {
  if (guardrails.length === 0) return plan(defaults);
  const guarded: RoutingDefaults = { ...defaults, layers: [...defaults.layers, ...guardrails.map(guardrailLayer)] };
  try {
    return plan(guarded);
  } catch (error) {
    if (!GatewayError.is(error) || error.code !== 'no_route') throw error;
    const unguarded = planOrUndefined(plan, defaults);
    if (unguarded === undefined) throw error;
    throw guardrailBlockError(guardrails, unguarded);
  }
}

/** The plan without guardrails, or undefined when the request fails without them too (a GatewayError). */
function planOrUndefined(plan: (defaults: RoutingDefaults) => ChatRoute, defaults: RoutingDefaults): ChatRoute | undefined {
  try {
    return plan(defaults);
  } catch (error) {
    if (GatewayError.is(error)) return undefined;
    throw error;
  }
}
