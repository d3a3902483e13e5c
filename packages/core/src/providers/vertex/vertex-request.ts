import { GatewayError } from '../../errors/gateway-error.js';
import type { BuildContext } from '../provider-adapter.js';

/**
 * Vertex AI serves regional locations at `{location}-aiplatform.googleapis.com` and the `global`
 * location at `aiplatform.googleapis.com`. The bundled base URL template is the regional one, so a
 * `global-aiplatform.googleapis.com` host (what the template gives for location "global") is
 * rewritten here.
 */
export function vertexBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.replace(/^(https?:\/\/)global-aiplatform\.googleapis\.com(?=[/:]|$)/i, '$1aiplatform.googleapis.com');
}

/**
 * `{base}/publishers/{publisher}/models/{model}:{method}`. A model that already holds a slash
 * (e.g. `endpoints/123` for a tuned or deployed model) is taken as a resource path under the base.
 */
export function vertexModelUrl(baseUrl: string, publisher: string, upstreamModel: string, method: string): string {
  const resource = upstreamModel.includes('/') ? upstreamModel : `publishers/${publisher}/models/${upstreamModel}`;
  return `${vertexBaseUrl(baseUrl)}/${resource}:${method}`;
}

/**
 * JSON headers with `Authorization: Bearer <token>` from the executor's CredentialSource, operator
 * headers last. Without a token the request cannot succeed: a clear upstream_auth_failed.
 */
export function vertexHeaders(ctx: BuildContext): Record<string, string> {
  const { settings, accessToken } = ctx;
  if (accessToken === undefined || accessToken === '') {
    throw new GatewayError(
      'upstream_auth_failed',
      `${settings.name}: no Google access token (set options.credentials_file / GOOGLE_APPLICATION_CREDENTIALS, options.credentials_json or options.access_token)`,
      { provider: settings.name },
    );
  }
  return { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, ...settings.headers };
}
