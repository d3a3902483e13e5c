import { UNKNOWN_INFO, type EnabledProvider } from '../config/load-config.js';

/**
 * `GET /api/v1/providers` item: OpenRouter's fields (slug = the provider id used in `provider.order`
 * and endpoint tags), plus the provider's data policy as a gateway extension.
 */
export function presentProvider(provider: EnabledProvider) {
  const { dataPolicy, settings } = provider;
  const info = provider.info ?? UNKNOWN_INFO;
  return {
    name: settings.name,
    slug: settings.id,
    privacy_policy_url: info.privacy_policy_url,
    terms_of_service_url: info.terms_of_service_url,
    status_page_url: info.status_page_url,
    headquarters: info.headquarters,
    datacenters: info.datacenters,
    data_policy: { training: dataPolicy.training, retains_prompts: dataPolicy.retains_prompts, zdr: dataPolicy.zdr },
  };
}
