import type { Endpoint, ModelEntry } from '../catalog/catalog.js';

/** Price used for ordering: prompt + completion per token (picodollars). */
function orderingPrice(endpoint: Endpoint): bigint {
  return endpoint.pricing.prompt + endpoint.pricing.completion;
}

/**
 * The default plan: each requested model in order (model fallbacks), and within a model its
 * enabled endpoints cheapest first (stable for equal prices). The routing issue replaces this
 * with the full policy (provider preferences, health, load balancing).
 */
export function planEndpoints(models: readonly ModelEntry[]): Endpoint[] {
  const plan: Endpoint[] = [];
  for (const model of models) {
    const endpoints = [...model.endpoints].sort((a, b) => {
      const diff = orderingPrice(a) - orderingPrice(b);
      return diff < 0n ? -1 : diff > 0n ? 1 : 0;
    });
    plan.push(...endpoints);
  }
  return plan;
}
