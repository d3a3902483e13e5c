import { readFileSync } from 'node:fs';
import { errorReason, type CredentialResponse } from '../credential-http.js';
import { authFailed, envValue, parseCredentialJson, unavailable, type AwsChainContext, type AwsResult } from './aws-context.js';

export const CONTAINER_TIMEOUT_MS = 2_000;
const ECS_HOST = 'http://169.254.170.2';
/** Hosts a plain-http FULL_URI may name (the SDKs' rule): loopback and the ECS/EKS agents. */
const HTTP_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|169\.254\.170\.2|169\.254\.170\.23|\[fd00:ec2::23\])$/;

/** The endpoint URL from AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI; undefined when neither is set. */
function containerUrl(ctx: AwsChainContext): string | undefined {
  const relative = envValue(ctx.env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
  if (relative !== undefined) return `${ECS_HOST}${relative.startsWith('/') ? '' : '/'}${relative}`;
  const full = envValue(ctx.env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI');
  if (full === undefined) return undefined;
  if (!URL.canParse(full)) throw authFailed(ctx, 'AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL');
  const url = new URL(full);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && HTTP_HOSTS.test(url.hostname))) return full;
  throw authFailed(ctx, `AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback or ECS/EKS agent address (got ${url.host})`);
}

/** AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read anew: EKS rotates it) over AWS_CONTAINER_AUTHORIZATION_TOKEN. */
function authorization(ctx: AwsChainContext): Record<string, string> {
  const file = envValue(ctx.env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE');
  if (file !== undefined) {
    try {
      return { authorization: readFileSync(file, 'utf8').trim() };
    } catch (error) {
      throw authFailed(ctx, `cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${file} (${errorReason(error)})`);
    }
  }
  const token = envValue(ctx.env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN');
  return token === undefined ? {} : { authorization: token };
}

/**
 * The container link of the chain: ECS task roles (RELATIVE_URI) and EKS Pod Identity or other
 * agents (FULL_URI plus an authorization token or token file). Undefined when neither URI is set.
 */
export async function fromContainer(ctx: AwsChainContext): Promise<AwsResult | undefined> {
  const url = containerUrl(ctx);
  if (url === undefined) return undefined;
  const headers = { accept: 'application/json', ...authorization(ctx) };
  let response: CredentialResponse;
  try {
    response = await ctx.http.request({ url, method: 'GET', headers, timeoutMs: CONTAINER_TIMEOUT_MS });
  } catch (error) {
    throw unavailable(ctx, `cannot reach the container credentials endpoint ${url} (${errorReason(error)})`, error);
  }
  if (response.status >= 400 && response.status < 500) {
    throw authFailed(ctx, `the container credentials endpoint refused the request (HTTP ${response.status})`, response.status);
  }
  if (response.status !== 200) throw unavailable(ctx, `the container credentials endpoint failed (HTTP ${response.status})`);
  const result = parseCredentialJson(response.text);
  if (result === undefined) throw unavailable(ctx, 'the container credentials endpoint answered without AccessKeyId and SecretAccessKey');
  return result;
}
