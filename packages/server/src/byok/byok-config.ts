import { z } from 'zod';
import type { AdapterKind, EnabledProvider } from '../config/load-config.js';

/** `byok:` in switchyard.yaml: the fee on requests served with an account's own provider key. */
export const byokConfigSchema = z.strictObject({
  /** BYOK requests per account and UTC calendar month charged no fee. Default 1,000,000. */
  free_requests_per_month: z.number().int().min(0).optional(),
  /** Fee on BYOK requests beyond the free ones, in percent of the upstream cost (0–100, two decimals). Default 5. */
  fee_percent: z.number().min(0).max(100).multipleOf(0.01).optional(),
});

export type ByokConfigFile = z.infer<typeof byokConfigSchema>;

export interface ByokSettings {
  readonly freeRequestsPerMonth: number;
  /** The fee in basis points (hundredths of a percent): integer arithmetic on microdollars. */
  readonly feeBasisPoints: number;
}

export const DEFAULT_BYOK_SETTINGS: ByokSettings = { freeRequestsPerMonth: 1_000_000, feeBasisPoints: 500 };

export function byokSettings(file: ByokConfigFile | undefined): ByokSettings {
  return {
    freeRequestsPerMonth: file?.free_requests_per_month ?? DEFAULT_BYOK_SETTINGS.freeRequestsPerMonth,
    feeBasisPoints: file?.fee_percent === undefined ? DEFAULT_BYOK_SETTINGS.feeBasisPoints : Math.round(file.fee_percent * 100),
  };
}

/** Adapter kinds authenticated by one API key in `settings.apiKey`: the providers an account may bring its own key for. */
const API_KEY_KINDS: ReadonlySet<AdapterKind> = new Set<AdapterKind>(['openai-compatible', 'openai-responses', 'anthropic', 'gemini', 'cohere']);

/**
 * Enabled providers that take an own key. Left out: Azure (a key belongs to the operator's resource),
 * Bedrock and Vertex (AWS or Google credentials, not one API key).
 */
export function byokProviderIds(providers: ReadonlyMap<string, EnabledProvider>): ReadonlySet<string> {
  return new Set([...providers].filter(([, provider]) => API_KEY_KINDS.has(provider.kind)).map(([id]) => id));
}
