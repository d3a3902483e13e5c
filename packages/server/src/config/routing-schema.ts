/** The `routing:` section of switchyard.yaml: default provider preferences and the auto router. */
import { z } from 'zod';

/** OpenRouter's `provider` object (snake_case); checked field by field by core's parseProviderPreferences. */
const preferences = z.record(z.string(), z.unknown());

export const autoCandidateSchema = z.strictObject({
  model: z.string().min(1),
  /** Rules (all given must hold): estimated prompt tokens, and whether the request uses tools / images. */
  min_prompt_tokens: z.number().int().min(0).optional(),
  max_prompt_tokens: z.number().int().min(0).optional(),
  tools: z.boolean().optional(),
  images: z.boolean().optional(),
});

export const routingSchema = z.strictObject({
  /** Defaults for every account (OpenRouter's account-level provider preferences). */
  provider: preferences.optional(),
  /** Per-account defaults, by account id (e.g. acct_default), over `provider`. */
  accounts: z.array(z.strictObject({ id: z.string().min(1), provider: preferences })).optional(),
  /** Per-key overrides, by key name or id, over the account's. */
  keys: z.array(z.strictObject({ key: z.string().min(1), provider: preferences })).optional(),
  /** `openrouter/auto`: the models it may pick (default: every catalog model). */
  auto_router: z.strictObject({ candidates: z.array(autoCandidateSchema).min(1) }).optional(),
});

export type RoutingFile = z.infer<typeof routingSchema>;
