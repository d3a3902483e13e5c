import { asNumber, asRecord, asString, GatewayError, safeParseJson, type Clock, type ProviderSettings, type UpstreamHttp } from '@switchyard/core';
import { errorReason, type CredentialHttp, type CredentialResponse } from './credential-http.js';
import type { AuthorizedUser } from './google-credentials-file.js';
import { CLOUD_PLATFORM_SCOPE, signServiceAccountJwt } from './google-jwt.js';
import type { Expiring } from './refreshing-cache.js';
import type { ServiceAccount } from './service-account.js';
import { exchangeForm, exchangeJwt } from './token-exchange.js';

/** A metadata-server call: it answers in milliseconds where it exists. */
export const METADATA_TIMEOUT_MS = 3_000;
const TOKEN_PATH = '/computeMetadata/v1/instance/service-accounts/default/token';

/** A fresh token request, not tied to any one caller (the provider's timeout bounds it). */
function detached(settings: ProviderSettings) {
  return { provider: settings.name, timeoutMs: settings.timeoutMs, signal: new AbortController().signal };
}

/** Service account: a signed JWT exchanged at the key's token_uri. */
export async function serviceAccountToken(http: UpstreamHttp, account: ServiceAccount, settings: ProviderSettings, clock: Clock): Promise<Expiring<string>> {
  const startedAt = clock.now();
  const minted = await exchangeJwt(http, { tokenUri: account.tokenUri, assertion: signServiceAccountJwt(account, startedAt), ...detached(settings) });
  return { value: minted.accessToken, expiresAtMs: startedAt.getTime() + minted.expiresInMs };
}

/** authorized_user (gcloud application-default login): the refresh-token grant. */
export async function authorizedUserToken(http: UpstreamHttp, user: AuthorizedUser, settings: ProviderSettings, clock: Clock): Promise<Expiring<string>> {
  const startedAt = clock.now();
  const minted = await exchangeForm(http, {
    tokenUri: user.tokenUri,
    form: { grant_type: 'refresh_token', refresh_token: user.refreshToken, client_id: user.clientId, client_secret: user.clientSecret },
    credentials: 'the authorized_user refresh token',
    ...detached(settings),
  });
  return { value: minted.accessToken, expiresAtMs: startedAt.getTime() + minted.expiresInMs };
}

/**
 * The GCE/GKE metadata server's token for the default service account (`Metadata-Flavor: Google`).
 * Nothing answering means no credentials at all (upstream_auth_failed), unless GCE_METADATA_HOST
 * named the server (then upstream_unavailable).
 */
export async function metadataServerToken(
  http: CredentialHttp,
  plan: { readonly host: string; readonly explicit: boolean },
  settings: ProviderSettings,
  clock: Clock,
): Promise<Expiring<string>> {
  const provider = settings.name;
  const url = `http://${plan.host}${TOKEN_PATH}?scopes=${encodeURIComponent(CLOUD_PLATFORM_SCOPE)}`;
  const startedAt = clock.now();
  let response: CredentialResponse;
  try {
    response = await http.request({ url, method: 'GET', headers: { 'metadata-flavor': 'Google' }, timeoutMs: METADATA_TIMEOUT_MS });
  } catch (error) {
    const reason = errorReason(error);
    if (plan.explicit) throw new GatewayError('upstream_unavailable', `${provider}: cannot reach the metadata server at ${plan.host} (${reason})`, { provider, cause: error });
    throw new GatewayError(
      'upstream_auth_failed',
      `${provider}: no Google credentials (no options.credentials_file, GOOGLE_APPLICATION_CREDENTIALS or gcloud application default credentials, and no metadata server at ${plan.host}: ${reason})`,
      { provider },
    );
  }
  return readMetadataToken(response, provider, startedAt.getTime());
}

function readMetadataToken(response: CredentialResponse, provider: string, startedAtMs: number): Expiring<string> {
  if (response.status !== 200) {
    const refused = response.status >= 400 && response.status < 500;
    const code = refused ? 'upstream_auth_failed' : 'upstream_unavailable';
    return fail(code, `${provider}: the metadata server ${refused ? 'refused' : 'failed'} the token request (HTTP ${response.status})`, provider, response.status);
  }
  const parsed = safeParseJson(response.text);
  const json = parsed.ok ? asRecord(parsed.value) : undefined;
  const token = asString(json?.['access_token']);
  if (token === undefined || token === '') return fail('upstream_bad_response', `${provider}: the metadata server answered without an access_token`, provider, 200);
  return { value: token, expiresAtMs: startedAtMs + (asNumber(json?.['expires_in']) ?? 3600) * 1000 };
}

function fail(code: 'upstream_auth_failed' | 'upstream_unavailable' | 'upstream_bad_response', message: string, provider: string, status: number): never {
  throw new GatewayError(code, message, { provider, upstreamStatus: status });
}
