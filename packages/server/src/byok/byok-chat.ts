import { microToUsd, type ApiKeyRecord, type CostBreakdown, type Endpoint } from '@switchyard/core';
import type { WireUsage } from '@switchyard/protocol';
import type { Logger } from '../logger.js';
import type { ByokCharge, ByokRoute, ByokRouting } from './byok-routing.js';

const SHARED_ONLY = (plan: readonly Endpoint[]): ByokRoute => ({ plan, settingsFor: () => undefined });

/**
 * The plan with the account's own-key endpoints first (unchanged when BYOK is off or the account has
 * none). A store failure while looking the keys up is logged and the request runs on shared capacity.
 */
export async function routeWithByok(byok: ByokRouting | undefined, key: ApiKeyRecord, plan: readonly Endpoint[], logger: Logger): Promise<ByokRoute> {
  if (byok === undefined) return SHARED_ONLY(plan);
  try {
    return await byok.route(key.accountId, plan);
  } catch (error) {
    logger.error('looking up BYOK keys failed; using shared capacity', { accountId: key.accountId, error });
    return SHARED_ONLY(plan);
  }
}

/**
 * What a generation served with the account's own key is charged (undefined when it was served on
 * shared capacity). A store failure while counting the month's requests is logged and charges no fee:
 * the answer is already generated, and the provider billed the account directly.
 */
export async function byokChargeFor(
  byok: ByokRouting | undefined,
  key: ApiKeyRecord,
  servedByok: boolean,
  cost: CostBreakdown,
  at: Date,
  logger: Logger,
): Promise<ByokCharge | undefined> {
  if (!servedByok || byok === undefined) return undefined;
  try {
    return await byok.charge(key.accountId, cost.total, at, key.includeByokInLimit);
  } catch (error) {
    logger.error('counting a BYOK request failed; no BYOK fee charged', { accountId: key.accountId, error });
    return { chargedMicro: 0, keyUsageMicro: key.includeByokInLimit ? cost.total : 0 };
  }
}

/** OpenRouter's BYOK usage: `cost` is what was charged (the fee), `cost_details.upstream_inference_cost` what the provider billed. */
export function byokWireUsage(usage: WireUsage, cost: CostBreakdown, charge: ByokCharge | undefined): WireUsage {
  if (charge === undefined) return usage;
  return {
    ...usage,
    cost: microToUsd(charge.chargedMicro),
    is_byok: true,
    cost_details: { ...usage.cost_details, upstream_inference_cost: microToUsd(cost.total) },
  };
}
