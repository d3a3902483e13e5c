import type { GatewayConfig } from '@switchyard/server';
import { ReportedFailure, UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { gatewayEnv } from '../store-options.js';
import { loadCliConfig } from '../storage.js';
import { checkProvider } from '../doctor/provider-checks.js';
import { formatCheck, summarize, type CheckResult } from '../doctor/report.js';
import { catalogCheck, configCheck, configFailure, redisCheck, storageCheck, warningChecks } from '../doctor/system-checks.js';

import type { DoctorOptions } from './operator-commands.js';

/** Config, storage, Redis and every enabled provider, with what to fix; fails (exit 1) on any ✗. */
export async function doctor(options: DoctorOptions, output: Output): Promise<void> {
  const timeoutMs = Number(options.timeout);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout: "${options.timeout}" is not a positive number of milliseconds`);
  const checks: CheckResult[] = [];
  const report = (check: CheckResult): void => {
    checks.push(check);
    output.out(formatCheck(check));
  };
  let config: GatewayConfig;
  try {
    config = await loadCliConfig(options);
  } catch (error) {
    report(configFailure(error, options.config));
    output.out(summarize(checks));
    throw new ReportedFailure();
  }
  report(configCheck(config));
  warningChecks(config).forEach(report);
  report(catalogCheck(config));
  report(await storageCheck(config));
  report(await redisCheck(config, timeoutMs));
  if (config.providers.size > 0) output.err(`Checking ${String(config.providers.size)} provider(s)…`);
  const env = gatewayEnv(options);
  const providerChecks = await Promise.all([...config.providers].map(([id, provider]) => checkProvider(id, provider, env, timeoutMs)));
  providerChecks.forEach(report);
  output.out(summarize(checks));
  if (checks.some((check) => check.status === 'fail')) throw new ReportedFailure();
}
