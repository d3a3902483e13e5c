import { credentialPlans, homeDirOf, type CredentialPlan, type EnabledProvider } from '@switchyard/server';
import type { CheckResult } from './report.js';

/** Credentials and reachability of one enabled provider, as one check line. */
export async function checkProvider(id: string, provider: EnabledProvider, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CheckResult> {
  const credentials = describeCredentials(id, provider, env);
  const reach = await probe(provider.settings.baseUrl, timeoutMs);
  const name = `provider ${id}`;
  if (credentials.problem !== undefined) return { status: 'fail', name, detail: credentials.problem, ...(credentials.fix === undefined ? {} : { fix: credentials.fix }) };
  if (reach.error !== undefined) {
    return {
      status: 'fail',
      name,
      detail: `${credentials.text}; ${provider.settings.baseUrl} is unreachable: ${reach.error}`,
      fix: `check the provider's base_url in the config file, DNS and any proxy or firewall between this machine and ${new URL(provider.settings.baseUrl).host}`,
    };
  }
  const detail = `${credentials.text}; ${provider.settings.baseUrl} answered HTTP ${String(reach.status)} in ${String(reach.ms)} ms`;
  return credentials.warning === undefined ? { status: 'ok', name, detail } : { status: 'warn', name, detail, fix: credentials.warning };
}

interface CredentialFinding {
  readonly text: string;
  readonly problem?: string;
  readonly fix?: string;
  readonly warning?: string;
}

/** Where the provider's credential comes from, or why it cannot get one. */
function describeCredentials(id: string, provider: EnabledProvider, env: NodeJS.ProcessEnv): CredentialFinding {
  let plan: CredentialPlan | undefined;
  try {
    plan = credentialPlans(new Map([[id, provider]]), { env, homeDir: homeDirOf(env) }).get(id);
  } catch (error) {
    return {
      text: 'credentials unusable',
      problem: error instanceof Error ? error.message : String(error),
      fix: 'point the provider at a readable credentials file (options.credentials_file or GOOGLE_APPLICATION_CREDENTIALS)',
    };
  }
  if (plan !== undefined) return planFinding(plan);
  if (provider.settings.apiKey !== undefined && provider.settings.apiKey !== '') return { text: 'API key set' };
  return {
    text: 'no API key',
    warning: `fine for a local server that needs none; otherwise set api_key for provider ${id} in the config file (e.g. api_key: \${MY_KEY}) or its environment variable`,
  };
}

function planFinding(plan: CredentialPlan): CredentialFinding {
  switch (plan.type) {
    case 'static':
      return { text: 'access token set' };
    case 'service-account':
      return { text: `service account ${plan.account.clientEmail}` };
    case 'authorized-user':
      return { text: 'gcloud user credentials' };
    case 'metadata-server':
      return { text: `credentials from the metadata server ${plan.host}`, warning: 'works only on Google Cloud; elsewhere set GOOGLE_APPLICATION_CREDENTIALS or options.credentials_file' };
    case 'aws-chain':
      return { text: `AWS default credential chain${plan.profile === undefined ? '' : ` (profile ${plan.profile})`}` };
  }
}

/** Any HTTP answer means reachable (a 401 or 404 from the base URL is fine); only no answer is a failure. */
async function probe(url: string, timeoutMs: number): Promise<{ status?: number; ms: number; error?: string }> {
  const started = Date.now();
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { status: response.status, ms: Date.now() - started };
  } catch (error) {
    return { ms: Date.now() - started, error: networkReason(error, timeoutMs) };
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${String(timeoutMs)} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
