import type { Endpoint } from '../../catalog/catalog.js';

/** Lowercase with everything but letters and digits removed: "Moonshot AI", "moonshotai" and "moonshot-ai" agree. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Whether a value from `order`, `only` or `ignore` names the endpoint's provider. OpenRouter's spec
 * allows slugs or display names, so both count, case- and punctuation-insensitively
 * (`google-ai-studio`, `Google AI Studio`). A base slug also matches OpenRouter-style sub-endpoints
 * (`deepinfra` matches `deepinfra/turbo`). Providers that share a display name are one provider to a
 * user: Switchyard splits Google Vertex into `google-vertex` (Gemini) and `google-vertex-anthropic`
 * (Claude) only because they speak different APIs, and both are named "Google Vertex", so
 * `google-vertex` names both.
 */
export function matchesProvider(wanted: string, endpoint: Endpoint): boolean {
  const key = normalize(wanted);
  if (key === normalize(endpoint.providerId) || key === normalize(endpoint.providerName)) return true;
  return endpoint.providerId.startsWith(`${wanted.toLowerCase()}/`);
}

/** The index of the first entry of `list` naming the endpoint's provider, or -1. */
export function providerIndex(list: readonly string[], endpoint: Endpoint): number {
  return list.findIndex((wanted) => matchesProvider(wanted, endpoint));
}
