import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderSettings } from '../provider-adapter.js';
import { sha256, toHex, utf8 } from './sha256.js';
import { signSigV4 } from './sign-sigv4.js';

/** `bedrock-runtime.us-east-1.amazonaws.com` → `us-east-1` (used when the region option is absent). */
function regionFromHost(url: string): string | undefined {
  return /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(url).hostname)?.[1];
}

/**
 * Authentication headers for one Bedrock request:
 * - a Bedrock API key (`settings.apiKey`, from AWS_BEARER_TOKEN_BEDROCK) → `Authorization: Bearer`;
 * - otherwise AWS credentials from `options` (access_key_id, secret_access_key, session_token) →
 *   SigV4 for service `bedrock` in `options.region`, signed over `headers` and the body at `now`.
 */
export function authenticate(
  settings: ProviderSettings,
  request: { readonly url: string; readonly headers: Record<string, string>; readonly body: string },
  now: Date,
): Record<string, string> {
  if (settings.apiKey !== undefined && settings.apiKey !== '') {
    return { ...request.headers, authorization: `Bearer ${settings.apiKey}` };
  }
  const options = settings.options ?? {};
  const accessKeyId = options['access_key_id'];
  const secretAccessKey = options['secret_access_key'];
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') {
    throw new GatewayError(
      'upstream_auth_failed',
      `${settings.name}: no credentials configured (set options access_key_id and secret_access_key, or an API key)`,
      { provider: settings.name },
    );
  }
  const region = options['region'] ?? regionFromHost(request.url);
  if (region === undefined || region === '') {
    throw new GatewayError('upstream_auth_failed', `${settings.name}: no AWS region configured (options.region)`, { provider: settings.name });
  }
  const sessionToken = options['session_token'];
  const signed = signSigV4({
    method: 'POST',
    url: request.url,
    headers: { ...request.headers, 'x-amz-content-sha256': toHex(sha256(utf8(request.body))) },
    body: request.body,
    region,
    service: 'bedrock',
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }) },
    now,
  });
  return signed.headers;
}
