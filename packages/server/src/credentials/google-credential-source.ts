import { GatewayError, type Clock, type CredentialSource, type ProviderSettings, type UpstreamHttp } from '@switchyard/core';
import type { CredentialPlan } from './credential-plans.js';
import { signServiceAccountJwt } from './google-jwt.js';
import type { ServiceAccount } from './service-account.js';
import { exchangeJwt } from './token-exchange.js';

/** A cached token is replaced this long before it expires. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

interface CachedToken {
  readonly token: string;
  /** Epoch ms after which the token is minted anew. */
  readonly refreshAtMs: number;
}

/**
 * Google OAuth access tokens for Vertex AI providers: a static token as configured, or one minted
 * from a service account (signed JWT → token endpoint), cached per provider until five minutes
 * before it expires. Concurrent callers share one token request; a failure is not cached.
 * Providers without a plan (every other kind) get undefined.
 */
export class GoogleCredentialSource implements CredentialSource {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly plans: ReadonlyMap<string, CredentialPlan>,
    private readonly http: UpstreamHttp,
    private readonly clock: Clock,
  ) {}

  async accessToken(settings: ProviderSettings, signal: AbortSignal): Promise<string | undefined> {
    const plan = this.plans.get(settings.id);
    if (plan === undefined) return undefined;
    if (plan.type === 'static') return plan.token;
    const cached = this.cache.get(settings.id);
    if (cached !== undefined && this.clock.now().getTime() < cached.refreshAtMs) return cached.token;
    let pending = this.inflight.get(settings.id);
    if (pending === undefined) {
      pending = this.mint(settings, plan.account).finally(() => this.inflight.delete(settings.id));
      this.inflight.set(settings.id, pending);
    }
    return (await untilAborted(pending, signal, settings.name)).token;
  }

  /**
   * One token request, shared by every waiting caller: it is not tied to any one caller's signal
   * (a client that goes away must not fail the others); the provider's timeout bounds it.
   */
  private async mint(settings: ProviderSettings, account: ServiceAccount): Promise<CachedToken> {
    const startedAt = this.clock.now();
    const minted = await exchangeJwt(this.http, {
      tokenUri: account.tokenUri,
      assertion: signServiceAccountJwt(account, startedAt),
      provider: settings.name,
      timeoutMs: settings.timeoutMs,
      signal: new AbortController().signal,
    });
    const entry = { token: minted.accessToken, refreshAtMs: startedAt.getTime() + minted.expiresInMs - REFRESH_MARGIN_MS };
    this.cache.set(settings.id, entry);
    return entry;
  }
}

/** `promise`, or a client_closed rejection as soon as this caller's `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, provider: string): Promise<T> {
  const closed = () => new GatewayError('client_closed', 'the client closed the request', { provider });
  if (signal.aborted) return Promise.reject(closed());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(closed());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
