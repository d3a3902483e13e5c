import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';

/** `credits:` in switchyard.yaml: whether paid requests need account credits, and hold lifetimes. */
export const creditsConfigSchema = z.strictObject({
  /**
   * true: a paid request needs enough account balance for its maximum cost (402 otherwise).
   * false (default): balances are still kept (they go negative), so a gateway started with one
   * command can chat at once. Key spend limits are enforced either way.
   */
  enforce: z.boolean().optional(),
  /** How long a reservation lives without being settled (crash recovery). Default 15 minutes. */
  hold_ttl_ms: z.number().int().min(10_000).max(86_400_000).optional(),
  /** How often expired reservations are released. Default one minute. */
  sweep_interval_ms: z.number().int().min(100).max(3_600_000).optional(),
});

export type CreditsConfigFile = z.infer<typeof creditsConfigSchema>;

export interface CreditsSettings {
  readonly enforce: boolean;
  readonly holdTtlMs: number;
  readonly sweepIntervalMs: number;
  /** `SWITCHYARD_ADMIN_TOKEN`: the operator's bearer token for `/api/v1/admin/*`; those routes answer 404 without it. */
  readonly adminToken: string | undefined;
}

export const DEFAULT_CREDITS_SETTINGS: CreditsSettings = {
  enforce: false,
  holdTtlMs: 900_000,
  sweepIntervalMs: 60_000,
  adminToken: undefined,
};

const MIN_ADMIN_TOKEN_LENGTH = 32;

export function creditsSettings(file: CreditsConfigFile | undefined, env: NodeJS.ProcessEnv): CreditsSettings {
  const token = env['SWITCHYARD_ADMIN_TOKEN']?.trim();
  if (token !== undefined && token !== '' && token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(`SWITCHYARD_ADMIN_TOKEN must be at least ${String(MIN_ADMIN_TOKEN_LENGTH)} characters`);
  }
  return {
    enforce: file?.enforce ?? DEFAULT_CREDITS_SETTINGS.enforce,
    holdTtlMs: file?.hold_ttl_ms ?? DEFAULT_CREDITS_SETTINGS.holdTtlMs,
    sweepIntervalMs: file?.sweep_interval_ms ?? DEFAULT_CREDITS_SETTINGS.sweepIntervalMs,
    adminToken: token === '' ? undefined : token,
  };
}
