import type { ByokRepository, Clock } from '@switchyard/core';
import type { GatewayConfig } from '../config/load-config.js';
import type { Logger } from '../logger.js';
import { byokCipherFromEnv } from './byok-cipher.js';
import { byokProviderIds } from './byok-config.js';
import { ByokCredentials } from './byok-credentials.js';
import { ByokRouting } from './byok-routing.js';

export interface Byok {
  /** `/byok` (management). */
  readonly credentials: ByokCredentials;
  /** Chat requests: own-key endpoints first, and the BYOK fee. */
  readonly routing: ByokRouting;
}

/**
 * BYOK from configuration and `SWITCHYARD_BYOK_KEY`: without the key the gateway starts as usual,
 * `/byok` writes answer 400 naming the variable, and no request uses an own key.
 */
export function createByok(
  repository: ByokRepository,
  config: Pick<GatewayConfig, 'providers' | 'byok'>,
  deps: { readonly env: NodeJS.ProcessEnv; readonly clock: Clock; readonly logger: Logger },
): Byok {
  const cipher = byokCipherFromEnv(deps.env);
  if (cipher === undefined) deps.logger.info('BYOK is off: set SWITCHYARD_BYOK_KEY to let accounts store their own provider keys');
  const providers = byokProviderIds(config.providers);
  const routing = new ByokRouting({
    repository,
    cipher,
    providers: config.providers,
    byokProviders: providers,
    settings: config.byok,
    clock: deps.clock,
    logger: deps.logger,
  });
  const credentials = new ByokCredentials({ repository, cipher, providers, clock: deps.clock, onChange: () => routing.clear() });
  return { credentials, routing };
}
