import {
  GatewayError,
  mergePreferences,
  modelReasons,
  providerIndex,
  requiresZdr,
  type ChatRoute,
  type Endpoint,
  type GuardrailRecord,
  type ModelChoice,
  type ProviderPreferences,
} from '@switchyard/core';

/**
 * A guardrail as a routing preference layer. Every field only narrows when merged
 * (`mergePreferences`): `only` and `allowedModels` intersect with the request's, `ignore` and
 * `ignoredModels` add up, and ZDR only tightens, so a request can narrow a guardrail but never widen it.
 */
export function guardrailLayer(guardrail: GuardrailRecord): ProviderPreferences {
  return {
    ...(guardrail.allowedProviders === null ? {} : { only: guardrail.allowedProviders }),
    ...(guardrail.ignoredProviders === null ? {} : { ignore: guardrail.ignoredProviders }),
    ...(guardrail.allowedModels === null ? {} : { allowedModels: guardrail.allowedModels }),
    ...(guardrail.ignoredModels === null ? {} : { ignoredModels: guardrail.ignoredModels }),
    ...(guardrail.enforceZdr.length === 0 ? {} : { zdrModelGroups: guardrail.enforceZdr }),
  };
}

/** What one guardrail removes from a set of endpoints that could otherwise serve the request. */
export interface Blocked {
  readonly models?: readonly string[];
  readonly providers?: readonly string[];
  readonly zdr?: true;
}

/** The endpoints of `choice` that are in `planned`, with what `preferences` blocks of them. */
function blockedOf(guardrail: GuardrailRecord, choices: readonly ModelChoice[], planned: ReadonlySet<string>): Blocked {
  const preferences = mergePreferences([guardrailLayer(guardrail)]);
  const models = new Set<string>();
  const providers = new Set<string>();
  let zdr = false;
  for (const choice of choices) {
    const endpoints = choice.model.endpoints.filter((endpoint) => planned.has(endpoint.id));
    if (endpoints.length === 0) continue;
    if (modelReasons(choice, preferences).length > 0) {
      models.add(choice.requested);
      continue;
    }
    for (const endpoint of endpoints) {
      if (providerBlocked(endpoint, preferences.only, preferences.ignore)) providers.add(endpoint.providerId);
      else if (requiresZdr(choice, preferences) && !endpoint.dataPolicy.zdr) zdr = true;
    }
  }
  return {
    ...(models.size === 0 ? {} : { models: [...models] }),
    ...(providers.size === 0 ? {} : { providers: [...providers] }),
    ...(zdr ? { zdr: true as const } : {}),
  };
}

function providerBlocked(endpoint: Endpoint, only: readonly (readonly string[])[], ignore: readonly string[]): boolean {
  return only.some((list) => providerIndex(list, endpoint) < 0) || providerIndex(ignore, endpoint) >= 0;
}

function describeBlocked(blocked: Blocked): string {
  const parts: string[] = [];
  if (blocked.models !== undefined) parts.push(`model ${blocked.models.join(', ')} is not allowed`);
  if (blocked.providers !== undefined) parts.push(`provider ${blocked.providers.join(', ')} is not allowed`);
  if (blocked.zdr === true) parts.push('only zero-data-retention endpoints are allowed');
  return parts.join('; ');
}

/**
 * The 403 for a request that the guardrails leave no endpoint for, while `unguarded` (the same
 * request planned without them) had some: names the first guardrail that removes any of them and
 * what it removed (every endpoint is removed by at least one of them, as each only filters).
 * `metadata.blocked` holds `models`, `providers` and/or `zdr`.
 */
export function guardrailBlockError(guardrails: readonly GuardrailRecord[], unguarded: ChatRoute): GatewayError {
  const planned = new Set(unguarded.plan.endpoints.map((endpoint) => endpoint.id));
  for (const guardrail of guardrails) {
    const blocked = blockedOf(guardrail, unguarded.input.models, planned);
    if (Object.keys(blocked).length === 0) continue;
    return blockError(guardrail, blocked, `Request blocked by guardrail "${guardrail.name}": ${describeBlocked(blocked)}.`);
  }
  // Unreachable when each guardrail only filters, kept so a future layer cannot turn a block into a 500.
  const first = guardrails[0];
  if (first === undefined) throw new Error('guardrailBlockError needs at least one guardrail');
  const providers = [...new Set(unguarded.plan.endpoints.map((endpoint) => endpoint.providerId))];
  return blockError(first, { providers }, `Request blocked by guardrail "${first.name}": no endpoint it allows can serve this request.`);
}

function blockError(guardrail: GuardrailRecord, blocked: Blocked, message: string): GatewayError {
  return new GatewayError('forbidden', message, {
    metadata: { guardrail_id: guardrail.id, guardrail_name: guardrail.name, blocked },
  });
}
