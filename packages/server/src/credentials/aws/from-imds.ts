import { errorReason, type CredentialResponse } from '../credential-http.js';
import { authFailed, envValue, parseCredentialJson, unavailable, type AwsChainContext, type AwsResult } from './aws-context.js';

/** Each IMDS call: short, the instance metadata service answers in milliseconds or is not there. */
export const IMDS_TIMEOUT_MS = 1_000;
const DEFAULT_ENDPOINT = 'http://169.254.169.254';
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';

/** What the last link reports when it finds nothing: the chain names it in its error. */
export type ImdsOutcome = { readonly ok: true; readonly result: AwsResult } | { readonly ok: false; readonly reason: string };

function endpoint(ctx: AwsChainContext): string {
  return (envValue(ctx.env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT') ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

async function call(ctx: AwsChainContext, method: 'GET' | 'PUT', url: string, headers: Record<string, string>): Promise<CredentialResponse> {
  return ctx.http.request({ url, method, headers, timeoutMs: IMDS_TIMEOUT_MS });
}

/**
 * The EC2 link of the chain, IMDSv2: PUT a session token, GET the instance role's name, GET its
 * temporary credentials. Not on EC2 (nothing answers, or AWS_EC2_METADATA_DISABLED=true) is
 * `{ok: false}`; an answering service that refuses or fails throws.
 */
export async function fromImds(ctx: AwsChainContext): Promise<ImdsOutcome> {
  if (envValue(ctx.env, 'AWS_EC2_METADATA_DISABLED')?.toLowerCase() === 'true') return { ok: false, reason: 'EC2 instance metadata is disabled' };
  const base = endpoint(ctx);
  let token: CredentialResponse;
  try {
    token = await call(ctx, 'PUT', `${base}/latest/api/token`, { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' });
  } catch (error) {
    return { ok: false, reason: `no EC2 instance metadata service at ${base} (${errorReason(error)})` };
  }
  expectOk(ctx, token, 'session token');
  const session = { 'x-aws-ec2-metadata-token': token.text.trim() };
  const roles = await get(ctx, `${base}${CREDENTIALS_PATH}`, session);
  if (roles.status === 404) throw authFailed(ctx, 'this EC2 instance has no IAM role (instance profile)', 404);
  expectOk(ctx, roles, 'IAM role name');
  const role = roles.text.split('\n')[0]?.trim() ?? '';
  if (role === '') throw authFailed(ctx, 'this EC2 instance has no IAM role (instance profile)');
  const credentials = await get(ctx, `${base}${CREDENTIALS_PATH}${encodeURIComponent(role)}`, session);
  expectOk(ctx, credentials, `credentials of role ${role}`);
  const result = parseCredentialJson(credentials.text);
  if (result === undefined) throw unavailable(ctx, `EC2 instance metadata answered without credentials for role ${role}`);
  return { ok: true, result };
}

async function get(ctx: AwsChainContext, url: string, headers: Record<string, string>): Promise<CredentialResponse> {
  try {
    return await call(ctx, 'GET', url, headers);
  } catch (error) {
    throw unavailable(ctx, `EC2 instance metadata stopped answering (${errorReason(error)})`, error);
  }
}

function expectOk(ctx: AwsChainContext, response: CredentialResponse, what: string): void {
  if (response.status === 200) return;
  if (response.status >= 400 && response.status < 500) {
    throw authFailed(ctx, `EC2 instance metadata refused the ${what} request (HTTP ${response.status})`, response.status);
  }
  throw unavailable(ctx, `EC2 instance metadata failed on the ${what} request (HTTP ${response.status})`);
}
