import { readFileSync } from 'node:fs';
import type { GatewayError } from '@switchyard/core';
import { errorReason, type CredentialResponse } from '../credential-http.js';
import { authFailed, envValue, expiration, unavailable, type AwsChainContext, type AwsResult } from './aws-context.js';

export const STS_TIMEOUT_MS = 10_000;

/** The text of `<name>…</name>` in an STS XML answer, entities decoded. */
export function xmlText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (match === null) return undefined;
  return (match[1] ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** STS: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else the regional endpoint (the global one without a region). */
function stsUrl(ctx: AwsChainContext): string {
  const override = envValue(ctx.env, 'AWS_ENDPOINT_URL_STS') ?? envValue(ctx.env, 'AWS_ENDPOINT_URL');
  if (override !== undefined) return override.endsWith('/') ? override : `${override}/`;
  const region = envValue(ctx.env, 'AWS_REGION') ?? envValue(ctx.env, 'AWS_DEFAULT_REGION');
  return region === undefined ? 'https://sts.amazonaws.com/' : `https://sts.${region}.amazonaws.com/`;
}

/**
 * The web-identity link of the chain (EKS IRSA, GitHub OIDC, …): with AWS_WEB_IDENTITY_TOKEN_FILE and
 * AWS_ROLE_ARN set, reads the token file (anew each time: it is rotated) and calls STS
 * AssumeRoleWithWebIdentity (an unsigned Query API call answered in XML). Undefined when the two
 * variables are not set.
 */
export async function fromWebIdentity(ctx: AwsChainContext): Promise<AwsResult | undefined> {
  const tokenFile = envValue(ctx.env, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const roleArn = envValue(ctx.env, 'AWS_ROLE_ARN');
  if (tokenFile === undefined || roleArn === undefined) return undefined;
  return assumeRoleWithWebIdentity(ctx, { tokenFile, roleArn, sessionName: envValue(ctx.env, 'AWS_ROLE_SESSION_NAME') });
}

/** The same exchange for a profile's role_arn + web_identity_token_file (+ role_session_name). */
export async function assumeRoleWithWebIdentity(
  ctx: AwsChainContext,
  role: { readonly tokenFile: string; readonly roleArn: string; readonly sessionName: string | undefined },
): Promise<AwsResult> {
  const { tokenFile, roleArn } = role;
  let token: string;
  try {
    token = readFileSync(tokenFile, 'utf8').trim();
  } catch (error) {
    throw authFailed(ctx, `cannot read AWS_WEB_IDENTITY_TOKEN_FILE ${tokenFile} (${errorReason(error)})`);
  }
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: role.sessionName ?? `switchyard-${ctx.clock.now().getTime()}`,
    WebIdentityToken: token,
  }).toString();
  const url = stsUrl(ctx);
  let response: CredentialResponse;
  try {
    response = await ctx.http.request({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' },
      body,
      timeoutMs: STS_TIMEOUT_MS,
    });
  } catch (error) {
    throw unavailable(ctx, `cannot reach AWS STS at ${url} (${errorReason(error)})`, error);
  }
  return readStsAnswer(ctx, response, roleArn);
}

function readStsAnswer(ctx: AwsChainContext, response: CredentialResponse, roleArn: string): AwsResult {
  if (response.status < 200 || response.status >= 300) throw stsError(ctx, response, roleArn);
  const accessKeyId = xmlText(response.text, 'AccessKeyId');
  const secretAccessKey = xmlText(response.text, 'SecretAccessKey');
  const sessionToken = xmlText(response.text, 'SessionToken');
  if (accessKeyId === undefined || secretAccessKey === undefined || sessionToken === undefined) {
    throw unavailable(ctx, 'AWS STS AssumeRoleWithWebIdentity answered without credentials');
  }
  return { value: { accessKeyId, secretAccessKey, sessionToken }, expiresAtMs: expiration(xmlText(response.text, 'Expiration')) };
}

function stsError(ctx: AwsChainContext, response: CredentialResponse, roleArn: string): GatewayError {
  const code = xmlText(response.text, 'Code');
  const message = xmlText(response.text, 'Message');
  const detail = [code, message].filter((part) => part !== undefined).join(': ');
  const reason = `HTTP ${response.status}${detail === '' ? '' : ` ${detail}`}`;
  const refused = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  if (refused) return authFailed(ctx, `AWS STS refused AssumeRoleWithWebIdentity for ${roleArn} (${reason})`, response.status);
  return unavailable(ctx, `AWS STS AssumeRoleWithWebIdentity failed (${reason})`);
}
