import {
  byokFirst,
  type ByokCredentialRecord,
  type ByokRepository,
  type Clock,
  type Endpoint,
  type MicroUsd,
  type PlannedEndpoint,
  type ProviderSettings,
} from '@switchyard/core';
import { TtlCache } from '../guardrails/ttl-cache.js';
import type { Logger } from '../logger.js';
import type { ByokCipher } from './byok-cipher.js';
import type { ByokSettings } from './byok-config.js';
import { sealContext } from './byok-credentials.js';

export interface ByokRoutingDeps {
  readonly repository: ByokRepository;
  /** Undefined without `SWITCHYARD_BYOK_KEY`: no request uses own keys. */
  readonly cipher: ByokCipher | undefined;
  /** The gateway's providers (their settings are the base an own key replaces the API key of). */
  readonly providers: ReadonlyMap<string, { readonly settings: ProviderSettings }>;
  /** Providers that may use an own key (authenticated by an API key). */
  readonly byokProviders: ReadonlySet<string>;
  readonly settings: ByokSettings;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A request's plan with the account's own-key endpoints first, and their settings. */
export interface ByokRoute {
  readonly plan: readonly PlannedEndpoint[];
  readonly settingsFor: (endpoint: PlannedEndpoint) => ProviderSettings | undefined;
}

/** What a generation served with an own key costs the account. */
export interface ByokCharge {
  /** The BYOK fee actually charged (0 within the month's free requests). */
  readonly chargedMicro: MicroUsd;
  /** What counts toward the key's spend limit: the fee, plus the upstream cost when `include_byok_in_limit`. */
  readonly keyUsageMicro: MicroUsd;
}

const CACHE_TTL_MS = 1000;
const NO_SETTINGS = (): undefined => undefined;

/**
 * The request side of BYOK: which of the plan's providers the account has an enabled own key for
 * (records cached per account for a second, cleared on every write in this process; secrets are
 * decrypted per request and never cached), and the fee on a generation served with one.
 */
export class ByokRouting {
  private readonly cache: TtlCache<readonly ByokCredentialRecord[]>;

  constructor(private readonly deps: ByokRoutingDeps) {
    this.cache = new TtlCache(CACHE_TTL_MS, () => deps.clock.monotonicMs());
  }

  /** Forgets cached credentials (after a write in this process). */
  clear(): void {
    this.cache.clear();
  }

  async route(accountId: string, plan: readonly Endpoint[]): Promise<ByokRoute> {
    const { cipher } = this.deps;
    if (cipher === undefined || !plan.some((endpoint) => this.deps.byokProviders.has(endpoint.providerId))) {
      return { plan, settingsFor: NO_SETTINGS };
    }
    const credentials = await this.cache.get(accountId, () => this.deps.repository.listEnabled(accountId));
    const settings = new Map<string, ProviderSettings>();
    for (const credential of credentials) {
      const own = this.ownSettings(cipher, credential);
      if (own !== undefined && plan.some((endpoint) => endpoint.providerId === credential.provider)) settings.set(credential.provider, own);
    }
    if (settings.size === 0) return { plan, settingsFor: NO_SETTINGS };
    return { plan: byokFirst(plan, new Set(settings.keys())), settingsFor: (endpoint) => settings.get(endpoint.providerId) };
  }

  /**
   * Counts the request in the account's UTC month and prices it: nothing within the month's free
   * requests, then `fee_percent` of the upstream cost (rounded to the nearest microdollar).
   */
  async charge(accountId: string, upstreamMicro: MicroUsd, at: Date, includeInKeyLimit: boolean): Promise<ByokCharge> {
    if (upstreamMicro <= 0) return { chargedMicro: 0, keyUsageMicro: 0 };
    const monthStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
    const count = await this.deps.repository.countRequest(accountId, monthStart);
    const chargedMicro = count <= this.deps.settings.freeRequestsPerMonth ? 0 : byokFee(upstreamMicro, this.deps.settings.feeBasisPoints);
    return { chargedMicro, keyUsageMicro: chargedMicro + (includeInKeyLimit ? upstreamMicro : 0) };
  }

  private ownSettings(cipher: ByokCipher, credential: ByokCredentialRecord): ProviderSettings | undefined {
    const base = this.deps.providers.get(credential.provider)?.settings;
    if (base === undefined || !this.deps.byokProviders.has(credential.provider)) return undefined;
    try {
      return { ...base, apiKey: cipher.open(credential.secret, sealContext(credential)) };
    } catch (error) {
      // A key sealed with an encryption key this process lacks: shared capacity serves instead.
      this.deps.logger.error('a BYOK key could not be decrypted; using shared capacity', {
        credentialId: credential.id,
        provider: credential.provider,
        keyId: credential.secret.keyId,
        error,
      });
      return undefined;
    }
  }
}

/** `basisPoints` (hundredths of a percent) of `upstreamMicro`, rounded half up, in integers. */
export function byokFee(upstreamMicro: MicroUsd, basisPoints: number): MicroUsd {
  return Math.floor((upstreamMicro * basisPoints + 5_000) / 10_000);
}
