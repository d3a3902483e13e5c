import type { AwsCredentials } from '../providers/bedrock/sign-sigv4.js';
import type { BuildContext, ProviderSettings } from '../providers/provider-adapter.js';

/**
 * A short-lived credential for one provider: a bearer token (a Google OAuth access token for
 * Vertex AI) or AWS keys (temporary or long-term, for SigV4-signed Bedrock requests).
 */
export type ProviderCredential =
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'aws'; readonly credentials: AwsCredentials };

/**
 * Credentials a provider needs on top of its static settings, e.g. a Google OAuth access token
 * minted from a service account, or AWS keys from the AWS default credential chain. The executor
 * asks before building each request; implementations cache credentials until shortly before they
 * expire and reject with a GatewayError (`upstream_auth_failed` for bad or absent credentials,
 * `upstream_unavailable` when the token or metadata endpoint cannot be reached).
 */
export interface CredentialSource {
  /** The credential for this provider, or undefined when it needs none. */
  credentialFor(settings: ProviderSettings, signal: AbortSignal): Promise<ProviderCredential | undefined>;
}

/** For gateways whose providers all authenticate with static keys. */
export const NO_CREDENTIALS: CredentialSource = {
  credentialFor: () => Promise.resolve(undefined),
};

/** The BuildContext fields that carry `credential` to the adapter (`accessToken` or `awsCredentials`). */
export function credentialContext(credential: ProviderCredential | undefined): Pick<BuildContext, 'accessToken' | 'awsCredentials'> {
  if (credential === undefined) return {};
  return credential.type === 'bearer' ? { accessToken: credential.token } : { awsCredentials: credential.credentials };
}
