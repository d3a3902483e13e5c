import type { ProviderSettings } from '../providers/provider-adapter.js';

/**
 * Short-lived credentials a provider needs on top of its static settings, e.g. a Google OAuth
 * access token minted from a service account for Vertex AI. The executor asks before building each
 * request; implementations cache tokens until shortly before they expire and reject with a
 * GatewayError (`upstream_auth_failed` for bad credentials, `upstream_unavailable` when the token endpoint
 * cannot be reached).
 */
export interface CredentialSource {
  /** The access token for this provider, or undefined when it needs none. */
  accessToken(settings: ProviderSettings, signal: AbortSignal): Promise<string | undefined>;
}

/** For gateways whose providers all authenticate with static keys. */
export const NO_CREDENTIALS: CredentialSource = {
  accessToken: () => Promise.resolve(undefined),
};
