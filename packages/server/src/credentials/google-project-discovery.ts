import { MissingOptionError } from '../config/config-error.js';
import { loadConfig, type GatewayConfig, type LoadOptions } from '../config/load-config.js';
import { fetchCredentialHttp, type CredentialHttp } from './credential-http.js';
import { METADATA_TIMEOUT_MS } from './google-tokens.js';

const DEFAULT_METADATA_HOST = 'metadata.google.internal';

/**
 * The GCE/GKE metadata server's project id (`Metadata-Flavor: Google`, short timeout); undefined when
 * no metadata server answers (not on Google Cloud) or it has none.
 */
export async function metadataProjectId(env: LoadOptions['env'], http: CredentialHttp = fetchCredentialHttp): Promise<string | undefined> {
  const configured = env['GCE_METADATA_HOST'];
  const host = configured === undefined || configured.trim() === '' ? DEFAULT_METADATA_HOST : configured.trim();
  const answer = await http
    .request({ url: `http://${host}/computeMetadata/v1/project/project-id`, method: 'GET', headers: { 'metadata-flavor': 'Google' }, timeoutMs: METADATA_TIMEOUT_MS })
    .then(
      (response) => (response.status === 200 ? response.text.trim() : ''),
      // Nothing answering: not on Google Cloud, so no project from here.
      (_unreachable: unknown) => '',
    );
  return answer === '' ? undefined : answer;
}

/**
 * loadConfig; when it fails only because a provider lacks its Google Cloud `project` (and nothing in
 * the environment or the credentials names one), asks the metadata server, the last place Google's
 * libraries look, and loads again with GOOGLE_CLOUD_PROJECT set to its answer. Off Google Cloud the
 * original ConfigError stands.
 */
export async function loadConfigDiscoveringProject(options: LoadOptions, http: CredentialHttp = fetchCredentialHttp): Promise<GatewayConfig> {
  try {
    return loadConfig(options);
  } catch (error) {
    if (!(error instanceof MissingOptionError) || error.option !== 'project') throw error;
    const project = await metadataProjectId(options.env, http);
    if (project === undefined) throw error;
    return loadConfig({ ...options, env: { ...options.env, GOOGLE_CLOUD_PROJECT: project } });
  }
}
