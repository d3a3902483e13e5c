import { homedir } from 'node:os';
import type { Clock, UpstreamHttp } from '@switchyard/core';
import { runProcess } from './aws/run-process.js';
import { fetchCredentialHttp, type CredentialHttp } from './credential-http.js';
import type { CredentialPlan } from './credential-plans.js';
import { ProviderCredentialSource } from './provider-credential-source.js';

export interface CreateCredentialSourceOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly upstream: UpstreamHttp;
  readonly clock: Clock;
  readonly http?: CredentialHttp;
}

/** `~`: HOME (USERPROFILE on Windows) from the gateway's environment, else the OS's. */
export function homeDirOf(env: Readonly<Record<string, string | undefined>>): string {
  const home = env['HOME'] ?? env['USERPROFILE'];
  return home === undefined || home === '' ? homedir() : home;
}

/**
 * The gateway's CredentialSource over the plans decided at start-up (credentialPlans, which reads
 * and checks credential files so that a broken one is a ConfigError before serving).
 */
export function createCredentialSource(plans: ReadonlyMap<string, CredentialPlan>, options: CreateCredentialSourceOptions): ProviderCredentialSource {
  const homeDir = homeDirOf(options.env);
  return new ProviderCredentialSource(plans, {
    upstream: options.upstream,
    http: options.http ?? fetchCredentialHttp,
    clock: options.clock,
    env: options.env,
    homeDir,
    runProcess,
  });
}
