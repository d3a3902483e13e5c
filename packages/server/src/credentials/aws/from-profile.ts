import { authFailed, parseCredentialJson, type AwsChainContext, type AwsResult } from './aws-context.js';
import { assumeRoleWithWebIdentity } from './from-web-identity.js';
import { loadProfile, profileName } from './shared-files.js';

/** Profile settings of credential sources this chain does not implement (SSO, role assumption). */
const UNSUPPORTED_SETTINGS = ['sso_session', 'sso_start_url', 'role_arn', 'credential_source'];

/** How long a `credential_process` command may run. */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 30_000;

/**
 * The shared-files link of the chain: the profile (`explicit`, AWS_PROFILE, or `default`) with
 * static keys (aws_access_key_id, aws_secret_access_key, aws_session_token), a `credential_process`
 * command whose output is the documented JSON (Version 1), or role_arn + web_identity_token_file
 * (STS AssumeRoleWithWebIdentity). Undefined when the profile has none of them; a named profile that
 * does not exist, or that needs SSO or role chaining, is upstream_auth_failed.
 */
export async function fromProfile(ctx: AwsChainContext, explicit?: string): Promise<AwsResult | undefined> {
  const name = profileName(ctx.env, explicit);
  const profile = loadProfile(ctx.env, ctx.homeDir, name);
  if (!profile.found) {
    if (name === 'default') return undefined;
    throw authFailed(ctx, `the AWS profile "${name}" is in neither ~/.aws/credentials nor ~/.aws/config`);
  }
  const accessKeyId = profile.settings.get('aws_access_key_id');
  const secretAccessKey = profile.settings.get('aws_secret_access_key');
  if (accessKeyId !== undefined && accessKeyId !== '' && secretAccessKey !== undefined && secretAccessKey !== '') {
    const sessionToken = profile.settings.get('aws_session_token');
    const value = { accessKeyId, secretAccessKey, ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }) };
    return { value, expiresAtMs: undefined };
  }
  const command = profile.settings.get('credential_process');
  if (command !== undefined && command !== '') return runCredentialProcess(ctx, name, command);
  const roleArn = profile.settings.get('role_arn');
  const tokenFile = profile.settings.get('web_identity_token_file');
  if (roleArn !== undefined && roleArn !== '' && tokenFile !== undefined && tokenFile !== '') {
    return assumeRoleWithWebIdentity(ctx, { tokenFile, roleArn, sessionName: profile.settings.get('role_session_name') });
  }
  const unsupported = UNSUPPORTED_SETTINGS.find((setting) => profile.settings.has(setting));
  if (unsupported !== undefined) {
    throw authFailed(
      ctx,
      `the AWS profile "${name}" uses ${unsupported}, which Switchyard does not resolve; give the profile a credential_process ` +
        `(e.g. "aws configure export-credentials --profile ${name} --format process") or static keys`,
    );
  }
  return undefined;
}

async function runCredentialProcess(ctx: AwsChainContext, profile: string, command: string): Promise<AwsResult> {
  let output: string;
  try {
    output = await ctx.runProcess(command, CREDENTIAL_PROCESS_TIMEOUT_MS);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw authFailed(ctx, `the credential_process of AWS profile "${profile}" failed (${reason})`);
  }
  const result = parseCredentialJson(output);
  if (result === undefined) {
    throw authFailed(ctx, `the credential_process of AWS profile "${profile}" printed no AccessKeyId and SecretAccessKey JSON`);
  }
  return result;
}
