import { z } from 'zod';

/** "https://app.example", "http://localhost:3000", or "http://localhost:*" (any port). */
function isOriginEntry(value: string): boolean {
  const text = value.endsWith(':*') ? value.slice(0, -2) : value;
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && !text.endsWith('/') && url.search === '' && url.hash === '' && url.username === '';
}

const allowedOrigin = z.string().refine(isOriginEntry, 'must be an http(s) origin such as "https://app.example" or "http://localhost:*" (no path, query or fragment)');

/** `oauth:` in switchyard.yaml: the PKCE key-issuing flow (`/auth`, `/api/v1/auth/keys`). */
export const oauthConfigSchema = z.strictObject({
  /** How long an authorization code can be exchanged (default 10 minutes, like OpenRouter). */
  code_ttl_ms: z.number().int().min(1000).max(3_600_000).optional(),
  /** When set, only callback URLs on these origins are accepted ("http://localhost:*" for any port). */
  allowed_callback_origins: z.array(allowedOrigin).optional(),
  /** Refuse codes without a PKCE `code_challenge` (OpenRouter allows them; default false). */
  require_code_challenge: z.boolean().optional(),
});

export type OAuthConfigFile = z.infer<typeof oauthConfigSchema>;

export interface OAuthSettings {
  readonly codeTtlMs: number;
  readonly allowedCallbackOrigins: readonly string[] | undefined;
  readonly requireCodeChallenge: boolean;
}

export const DEFAULT_OAUTH_SETTINGS: OAuthSettings = {
  codeTtlMs: 600_000,
  allowedCallbackOrigins: undefined,
  requireCodeChallenge: false,
};

export function oauthSettings(file: OAuthConfigFile | undefined): OAuthSettings {
  return {
    codeTtlMs: file?.code_ttl_ms ?? DEFAULT_OAUTH_SETTINGS.codeTtlMs,
    allowedCallbackOrigins: file?.allowed_callback_origins,
    requireCodeChallenge: file?.require_code_challenge ?? DEFAULT_OAUTH_SETTINGS.requireCodeChallenge,
  };
}
