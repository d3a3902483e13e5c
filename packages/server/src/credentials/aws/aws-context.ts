import { asRecord, asString, GatewayError, safeParseJson, type AwsCredentials, type Clock } from '@switchyard/core';
import type { CredentialHttp } from '../credential-http.js';
import type { Expiring } from '../refreshing-cache.js';

/** What the AWS credential chain reads: the environment, the home folder, HTTP, a clock, processes. */
export interface AwsChainContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `~` of `~/.aws/credentials` and `~/.aws/config`. */
  readonly homeDir: string;
  readonly http: CredentialHttp;
  readonly clock: Clock;
  /** Runs a `credential_process` command line and resolves its standard output. */
  readonly runProcess: (command: string, timeoutMs: number) => Promise<string>;
  /** Display name of the provider the credentials are for (error messages). */
  readonly provider: string;
}

export type AwsResult = Expiring<AwsCredentials>;

/** An environment variable's value, undefined when unset or blank. */
export function envValue(env: AwsChainContext['env'], name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function authFailed(ctx: Pick<AwsChainContext, 'provider'>, message: string, status?: number): GatewayError {
  return new GatewayError('upstream_auth_failed', `${ctx.provider}: ${message}`, {
    provider: ctx.provider,
    ...(status === undefined ? {} : { upstreamStatus: status }),
  });
}

export function unavailable(ctx: Pick<AwsChainContext, 'provider'>, message: string, cause?: unknown): GatewayError {
  return new GatewayError('upstream_unavailable', `${ctx.provider}: ${message}`, {
    provider: ctx.provider,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The JSON credential documents of the container endpoint, IMDS and credential_process:
 * AccessKeyId, SecretAccessKey, Token (or SessionToken), Expiration (ISO 8601, optional).
 * Undefined when a key is missing or the text is not JSON.
 */
export function parseCredentialJson(text: string): AwsResult | undefined {
  const parsed = safeParseJson(text);
  const json = parsed.ok ? asRecord(parsed.value) : undefined;
  const accessKeyId = asString(json?.['AccessKeyId']);
  const secretAccessKey = asString(json?.['SecretAccessKey']);
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') return undefined;
  const sessionToken = asString(json?.['Token']) ?? asString(json?.['SessionToken']);
  return {
    value: { accessKeyId, secretAccessKey, ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }) },
    expiresAtMs: expiration(asString(json?.['Expiration'])),
  };
}

/** An ISO 8601 expiration as epoch ms; undefined when absent or unreadable (long-term keys). */
export function expiration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
