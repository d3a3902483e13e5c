import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderSettings } from '../provider-adapter.js';
import { sha256, toHex, utf8 } from './sha256.js';
import { signSigV4, type AwsCredentials } from './sign-sigv4.js';

/** `bedrock-runtime.us-east-1.amazonaws.com` → `us-east-1` (used when the region option is absent). */
function regionFromHost(url: string): string | undefined {
  return /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(url).hostname)?.[1];
}

/** Long-term keys from `options` (access_key_id, secret_access_key, session_token), when both keys are set. */
function optionCredentials(options: Readonly<Record<string, string>>): AwsCredentials | undefined {
  const accessKeyId = options['access_key_id'];
  const secretAccessKey = options['secret_access_key'];
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') return undefined;
  const sessionToken = options['session_token'];
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }) };
}

/**
 * Authentication headers for one Bedrock request:
 * - a Bedrock API key (`settings.apiKey`, from AWS_BEARER_TOKEN_BEDROCK) → `Authorization: Bearer`;
 * - otherwise AWS credentials from `options` (access_key_id, secret_access_key, session_token), else
 *   `chain` (keys from the executor's CredentialSource: the AWS default credential chain) → SigV4
 *   for service `bedrock` in `options.region`, signed over `headers` and the body at `now`.
 */
export function authenticate(
  settings: ProviderSettings,
  request: { readonly url: string; readonly headers: Record<string, string>; readonly body: string },
  now: Date,
  chain?: AwsCredentials,
): Record<string, string> {
  if (settings.apiKey !== undefined && settings.apiKey !== '') {
    return { ...request.headers, authorization: `Bearer ${settings.apiKey}` };
  }
  const options = settings.options ?? {};
  const credentials = optionCredentials(options) ?? chain;
  if (credentials === undefined) {
    throw new GatewayError(
      'upstream_auth_failed',
      `${settings.name}: no credentials configured (set options access_key_id and secret_access_key, an API key, or credentials the AWS default chain finds)`,
      { provider: settings.name },
    );
  }
  const region = options['region'] ?? regionFromHost(request.url);
  if (region === undefined || region === '') {
    throw new GatewayError('upstream_auth_failed', `${settings.name}: no AWS region configured (options.region)`, { provider: settings.name });
  }
  const signed = signSigV4({
    method: 'POST',
    url: request.url,
    headers: { ...request.headers, 'x-amz-content-sha256': toHex(sha256(utf8(request.body))) },
    body: request.body,
    region,
    service: 'bedrock',
    credentials,
    now,
  });
  return signed.headers;
}
