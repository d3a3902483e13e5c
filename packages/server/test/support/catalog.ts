/**
 * Catalog pieces for tests that configure their own models: bundled OpenAI-compatible vendors
 * pointed at the fake upstream, and prices.
 */

/**
 * `extraProviders` for `startTestGateway`: each bundled vendor (`together`, `fireworks`, …) on the
 * fake upstream under `/<id>/v1` with the key `upstream-<id>`, so an upstream request's URL and
 * authorization show which vendor served.
 */
export function fakeVendors(...ids: readonly string[]): (upstreamUrl: string) => Record<string, unknown>[] {
  return (url) => ids.map((id) => ({ id, base_url: `${url}/${id}/v1`, api_key: `upstream-${id}`, timeout_ms: 10_000 }));
}

/** An endpoint's `pricing` for `perMillion` USD per million tokens, prompt and completion alike. */
export function price(perMillion: number): { prompt: string; completion: string } {
  return { prompt: (perMillion / 1e6).toFixed(9), completion: (perMillion / 1e6).toFixed(9) };
}
