import { authFailed, envValue, expiration, type AwsChainContext, type AwsResult } from './aws-context.js';
import { fromContainer } from './from-container.js';
import { fromImds } from './from-imds.js';
import { fromProfile } from './from-profile.js';
import { fromWebIdentity } from './from-web-identity.js';

/** The environment link: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION). */
export function fromEnv(env: AwsChainContext['env']): AwsResult | undefined {
  const accessKeyId = envValue(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = envValue(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = envValue(env, 'AWS_SESSION_TOKEN');
  return {
    value: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
    expiresAtMs: expiration(envValue(env, 'AWS_CREDENTIAL_EXPIRATION')),
  };
}

/**
 * AWS credentials the way the AWS SDKs' default chain finds them, first match wins: environment
 * keys; the shared files' profile (AWS_PROFILE or `default`: static keys or credential_process);
 * web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN → STS); the ECS/EKS container endpoint;
 * EC2 instance metadata (IMDSv2). With `profile` (a provider's `options.profile`) only that profile
 * is used. A link that is configured but fails stops the chain with its error; finding nothing is
 * upstream_auth_failed naming what was tried.
 */
export async function resolveAwsCredentials(ctx: AwsChainContext, profile?: string): Promise<AwsResult> {
  if (profile !== undefined) {
    const named = await fromProfile(ctx, profile);
    if (named === undefined) throw authFailed(ctx, `the AWS profile "${profile}" has no keys and no credential_process`);
    return named;
  }
  const found = fromEnv(ctx.env) ?? (await fromProfile(ctx)) ?? (await fromWebIdentity(ctx)) ?? (await fromContainer(ctx));
  if (found !== undefined) return found;
  const imds = await fromImds(ctx);
  if (imds.ok) return imds.result;
  throw authFailed(
    ctx,
    'no AWS credentials found (tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the shared files\' profile, ' +
      `AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, container credentials, and EC2 instance metadata: ${imds.reason})`,
  );
}
