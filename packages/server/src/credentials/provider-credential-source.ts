import type { Clock, CredentialSource, ProviderCredential, ProviderSettings, UpstreamHttp } from '@switchyard/core';
import { resolveAwsCredentials } from './aws/aws-chain.js';
import type { AwsChainContext } from './aws/aws-context.js';
import type { CredentialHttp } from './credential-http.js';
import type { CredentialPlan } from './credential-plans.js';
import { authorizedUserToken, metadataServerToken, serviceAccountToken } from './google-tokens.js';
import { RefreshingCache, type Expiring } from './refreshing-cache.js';

export interface CredentialSourceDeps {
  /** Google token endpoints (POST), through the gateway's upstream HTTP. */
  readonly upstream: UpstreamHttp;
  /** Metadata servers, STS, the container endpoint (GET/PUT). */
  readonly http: CredentialHttp;
  readonly clock: Clock;
  readonly env: AwsChainContext['env'];
  readonly homeDir: string;
  readonly runProcess: AwsChainContext['runProcess'];
}

/**
 * The gateway's CredentialSource: per provider, the plan decided at start-up (credentialPlans).
 * Google plans give a bearer token, cached per provider; the AWS chain gives keys, cached per
 * profile (every Bedrock provider on the same profile shares them). Temporary credentials are
 * replaced shortly before they expire; concurrent callers share one fetch; failures are not cached.
 * Providers without a plan get undefined.
 */
export class ProviderCredentialSource implements CredentialSource {
  private readonly cache: RefreshingCache<ProviderCredential>;

  constructor(
    private readonly plans: ReadonlyMap<string, CredentialPlan>,
    private readonly deps: CredentialSourceDeps,
  ) {
    this.cache = new RefreshingCache(deps.clock);
  }

  async credentialFor(settings: ProviderSettings, signal: AbortSignal): Promise<ProviderCredential | undefined> {
    const plan = this.plans.get(settings.id);
    if (plan === undefined) return undefined;
    if (plan.type === 'static') return { type: 'bearer', token: plan.token };
    const key = plan.type === 'aws-chain' ? `aws:${plan.profile ?? ''}` : `google:${settings.id}`;
    return this.cache.get(key, () => this.fetch(plan, settings), signal, settings.name);
  }

  private async fetch(plan: Exclude<CredentialPlan, { type: 'static' }>, settings: ProviderSettings): Promise<Expiring<ProviderCredential>> {
    const { upstream, http, clock } = this.deps;
    switch (plan.type) {
      case 'aws-chain': {
        const found = await resolveAwsCredentials({ ...this.deps, provider: settings.name }, plan.profile);
        return { value: { type: 'aws', credentials: found.value }, expiresAtMs: found.expiresAtMs };
      }
      case 'service-account':
        return bearer(await serviceAccountToken(upstream, plan.account, settings, clock));
      case 'authorized-user':
        return bearer(await authorizedUserToken(upstream, plan.user, settings, clock));
      case 'metadata-server':
        return bearer(await metadataServerToken(http, plan, settings, clock));
    }
  }
}

function bearer(token: Expiring<string>): Expiring<ProviderCredential> {
  return { value: { type: 'bearer', token: token.value }, expiresAtMs: token.expiresAtMs };
}
